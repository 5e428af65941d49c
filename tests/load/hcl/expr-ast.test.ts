import { describe, expect, it } from 'vitest';
import {
  clearAstCache,
  hasTemplateSequence,
  parsedTemplate,
  simpleTemplate,
  prepareTemplates,
  preparedTemplates,
  seedTemplates,
  templateAst,
  unescapeQuoted,
} from '../../../src/load/hcl/expr-ast.js';

const TEMPLATES = [
  '${var.a}',
  'x-${var.a}-y',
  '${{ a = 1, "b" = var.b, (var.k) = 3 }}',
  '%{ for x in var.l }${x}\n%{ endfor }',
  '${[for k, v in var.m : "${k}=${v}" if v != null]}',
  '${var.l[*].id}',
  '${f(1, [2]...)}',
  'line1\nline2 ${upper(\n  var.x)}\n',
  '$${lit} ${var.a}',
];

/** Trees without the parser's line numbers (those legitimately differ only in batches' offsets). */
const shape = (n: unknown) => JSON.parse(JSON.stringify(n));

describe('template syntax trees', () => {
  it('batched parsing gives the same trees, lines included, as one call per template', async () => {
    clearAstCache();
    const single = await Promise.all(TEMPLATES.map((t) => templateAst(t).then(shape)));
    clearAstCache();
    await prepareTemplates(TEMPLATES);
    const batched = await Promise.all(TEMPLATES.map((t) => templateAst(t).then(shape)));
    expect(batched).toEqual(single);
  });

  it('a bad template in a batch keeps its own error and does not spoil the others', async () => {
    clearAstCache();
    await prepareTemplates(['${var.ok}', '${var.bad', 'and ${var.fine}']);
    await expect(templateAst('${var.bad')).rejects.toThrow();
    expect((await templateAst('${var.ok}')).k).toBe('wrap');
    expect((await templateAst('and ${var.fine}')).k).toBe('template');
  });

  it('trees survive a JSON round trip (disk cache) and seed the cache', async () => {
    clearAstCache();
    await prepareTemplates(TEMPLATES);
    const trees = JSON.parse(JSON.stringify(await preparedTemplates(TEMPLATES)));
    clearAstCache();
    seedTemplates(trees);
    expect(shape(await templateAst(TEMPLATES[2]!))).toEqual(trees[TEMPLATES[2]!]);
  });

  it('records the line of each expression inside a multi-line template', async () => {
    clearAstCache();
    const n = await templateAst('line1\nline2 ${upper(\n  var.x)}\n');
    expect(n.k).toBe('template');
    const call = n.k === 'template' ? n.parts.find((p) => p.k === 'call') : undefined;
    expect(call?.line).toBe(2);
  });

  it('the shortcut for plain references gives exactly the parser\'s trees', async () => {
    const simple = [
      '${var.a}',
      '${aws_vpc.main.id}',
      '${module.env["prod"].out}',
      '${var.l[0].x}',
      '${var.l.0.x}',
      '${a-b.c_d}',
      'prefix-${local.name}-${var.env}-suffix',
      'no braces { here } ${x}',
      'multi\nline ${var.a}\n\nand ${var.b}',
      '${40}',
      '${-1.5e3}',
      '${"m7i.large"}',
      '${""}',
      '${true}',
      '${false}',
      '${null}',
      '${{}}',
      '${[]}',
      '${each.key}',
    ];
    for (const t of simple) {
      const fast = simpleTemplate(t);
      expect(fast, t).toBeDefined();
      expect(shape(fast), t).toEqual(shape(await parsedTemplate(t)));
    }
  });

  it('leaves everything else to the parser', () => {
    for (const t of ['${true}x', '${"a\\nb"}', '${"${x}"}', '${var.a + 1}', '${f(x)}', '${var.m[var.k]}', '${ var.a }', '%{ if a }x%{ endif }', '$${x} ${y}', '${var.a["k\\"q"]}']) {
      expect(simpleTemplate(t), t).toBeUndefined();
    }
  });

  it('tells live template sequences from escapes', () => {
    expect(hasTemplateSequence('a ${b}')).toBe(true);
    expect(hasTemplateSequence('%{ if a }x%{ endif }')).toBe(true);
    expect(hasTemplateSequence('a $${b} %%{c} 100%')).toBe(false);
    expect(hasTemplateSequence('$$${b}')).toBe(false);
    expect(hasTemplateSequence('{}')).toBe(false);
  });

  it('decodes quoted-string escapes', () => {
    expect(unescapeQuoted('a\\nb\\t\\"q\\" \\\\ \\u00e9 $${x}')).toBe('a\nb\t"q" \\ é ${x}');
  });
});

describe('<<- heredocs inside expressions', () => {
  it('are flushed as HCL flushes them (the parser tree alone would keep inner indentation)', async () => {
    const cases: [string, string][] = [
      ['${trimspace(<<-EOT\n    a\n      b\n    EOT\n)}', 'a\n  b\n'],
      ['${upper(<<-EOT\n    x ${y}\n\n      z\n    EOT\n)}', 'x ${y}\n\n  z\n'],
      // The indentation before an interpolation counts too: 2.
      ['${f(<<-EOT\n  ${y} tail\n    more\n  EOT\n)}', '${y} tail\n  more\n'],
    ];
    for (const [text, flushed] of cases) {
      const n = await parsedTemplate(text);
      const call = n.k === 'wrap' ? n.expr : undefined;
      const heredoc = call?.k === 'call' ? call.args[0] : undefined;
      expect(heredoc?.k, text).toBe('template');
      const rendered = heredoc?.k === 'template' ? heredoc.parts.map((p) => (p.k === 'literal' ? p.value : '${y}')).join('') : '';
      expect(rendered, text).toBe(flushed);
    }
  });
});
