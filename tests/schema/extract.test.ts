import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extractPackage, SOURCES } from '../../scripts/extract-schema.js';
import { graftRecursiveBlocks, type RealProviderSchema } from '../../scripts/graft-recursive.js';
import { resolveRefs, type ProviderSchema } from '../../src/schema/index.js';
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

describe('recursive blocks grafted from a real provider schema', () => {
  /** A provider whose `statement` nests itself twice, as terraform's `providers schema -json` prints it. */
  const level = (depth: number): Record<string, unknown> => ({
    attributes: { name: { type: 'string', optional: true } },
    block_types: {
      match: { nesting_mode: 'list', max_items: 1, block: { attributes: { values: { type: ['set', 'string'], required: true } } } },
      ...(depth > 0 ? { and: { nesting_mode: 'list', max_items: 1, block: { block_types: { statement: { nesting_mode: 'list', min_items: 2, block: level(depth - 1) } } } } } : {}),
    },
  });
  const real = {
    resource_schemas: {
      acme_acl: { block: { block_types: { rule: { nesting_mode: 'set', block: { block_types: { statement: { nesting_mode: 'list', min_items: 1, max_items: 1, block: level(2) } } } } } } },
    },
  };
  const bindings = (): ProviderSchema => ({
    provider: 'registry.terraform.io/acme/acme',
    version: '2.0.0',
    extractedFrom: 'test',
    resources: {
      acme_acl: { attributes: {}, blocks: { rule: { nesting: 'set', attributes: { statement: { type: 'dynamic', required: true } }, blocks: {} } } },
    },
    dataSources: {},
  });

  it('replaces the opaque attribute by the real block tree, marked with its version, and shares repeated subtrees', () => {
    const schema = bindings();
    expect(graftRecursiveBlocks(schema, real as RealProviderSchema, '1.5.0')).toEqual(['acme_acl.rule.statement']);
    const rule = schema.resources.acme_acl.blocks.rule;
    expect(rule.attributes.statement).toBeUndefined();
    expect(Object.keys(schema.blockDefs ?? {}).length).toBeGreaterThan(0);
    // Written and read back as the committed file is: every `$ref` resolved to the same tree.
    const dir = mkdtempSync(join(tmpdir(), 'stackcheck-graft-'));
    writeFileSync(join(dir, 'acme.json'), JSON.stringify(schema));
    const loaded = resolveRefs(JSON.parse(readFileSync(join(dir, 'acme.json'), 'utf8')) as ProviderSchema);
    const statement = loaded.resources.acme_acl.blocks.rule.blocks.statement;
    expect(statement).toMatchObject({ nesting: 'list', minItems: 1, maxItems: 1, from: '1.5.0' });
    const inner = statement.blocks.and.blocks.statement;
    expect(inner).toMatchObject({ nesting: 'list', minItems: 2 });
    expect(inner.from).toBeUndefined();
    expect(inner.blocks.and.blocks.statement.blocks.match.attributes.values).toEqual({ type: ['set', 'string'], required: true });
    // Depth 2 of the provider: no `and` at the last level.
    expect(inner.blocks.and.blocks.statement.blocks.and).toBeUndefined();
  });
  it('leaves an opaque attribute the real schema also has as an attribute', () => {
    const schema = bindings();
    const flat = { resource_schemas: { acme_acl: { block: { block_types: { rule: { nesting_mode: 'set', block: { attributes: { statement: { type: 'string' } } } } } } } } };
    expect(graftRecursiveBlocks(schema, flat as RealProviderSchema, '1.5.0')).toEqual([]);
    expect(schema.resources.acme_acl.blocks.rule.attributes.statement).toEqual({ type: 'dynamic', required: true });
  });
});
