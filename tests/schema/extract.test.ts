import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPackage, SOURCES } from '../../scripts/extract-schema.js';
import { repoRoot } from '../helpers/paths.js';

describe('schema extractor', () => {
  it('reads attributes, flags, types and nested blocks from generated binding code', () => {
    const { resources, dataSources } = extractPackage(join(repoRoot, 'tests/schema/fixtures/lib'));
    expect(dataSources).toEqual({});
    expect(resources.acme_widget).toEqual({
      attributes: {
        arn: { type: 'string', computed: true },
        name: { type: 'string', required: true },
        ports: { type: ['set', 'number'], optional: true },
      },
      blocks: {
        settings: {
          nesting: 'list',
          maxItems: 1,
          attributes: {
            mode: { type: 'string', required: true },
            revision: { type: 'number', computed: true },
          },
          blocks: {},
        },
      },
    });
  });

  const unpacked = join(repoRoot, '.cache/schema-src', `aws-${SOURCES[0].version}`, 'package', 'lib');
  it.skipIf(!existsSync(unpacked))(
    'reproduces the committed schema/aws.json from the pinned package (runs after `make schema`)',
    () => {
      const committed = JSON.parse(readFileSync(join(repoRoot, 'schema/aws.json'), 'utf8'));
      const { resources } = extractPackage(unpacked);
      expect(Object.keys(resources).length).toBe(Object.keys(committed.resources).length);
      expect(resources.aws_instance).toEqual(committed.resources.aws_instance);
    },
  );
});
