// Tooltip text from pods and specs, rendered by a CommonMark renderer with everything switched
// on that VS Code's tooltips have or could have (autolinks, HTML): it must come out as the
// same plain text, with no link, image, emphasis, heading, table or icon. markdown-it is the
// renderer @vscode/vsce already brings; VS Code itself renders with marked (also CommonMark).
import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import { mdText } from '../../../src/vscode/common/markdown';

type Renderer = { render(src: string): string };
const MarkdownIt = createRequire(__filename)('markdown-it') as new (opts: object) => Renderer;
const md = new MarkdownIt({ html: true, linkify: true });

/** The HTML's text with the one paragraph wrapper removed and entities decoded. */
function textOf(html: string): string {
  const inner = html.trim().replace(/^<p>([\s\S]*)<\/p>$/, '$1');
  assert.doesNotMatch(inner, /<[a-z]/i, `markup got through: ${html}`);
  return inner.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

const hostile = [
  'api-7d9f **bold** _em_ `code` ~~strike~~',
  '[click me](https://evil.example/steal) ![x](https://evil.example/pixel.png)',
  'https://evil.example/autolink www.evil.example mail@evil.example <https://evil.example>',
  '<img src=x onerror=alert(1)> <a href="command:workbench.action.terminal.new">run</a>',
  '# heading',
  '| a | b |',
  '- list item',
  '1. ordered',
  '> quote',
  '```fence',
  '$(zap) icon syntax and \\$(zap) pre-escaped',
  'entity &amp; &#x41; and backslash \\* stays',
  'nginx:1.27@sha256:abc registry.example/team/app:v1',
];

describe('Markdown escaping of spec and pod text (mdText)', () => {
  for (const s of hostile) {
    it(`shows ${JSON.stringify(s)} as typed`, () => {
      assert.equal(textOf(md.render(mdText(s))), s);
    });
  }

  it('keeps a value on its line: line breaks cannot start a heading or a table row', () => {
    const html = md.render(`**Pod** — ${mdText('Running\n# owned\n| x | y |\n|---|---|')}`);
    assert.doesNotMatch(html, /<h1|<table/);
    assert.match(html, /Running # owned \| x \| y \| \|---\|---\|/);
  });

  it('escapes every $( so VS Code cannot render an icon from data', () => {
    assert.equal(mdText('$(warning) $(zap)'), '\\$\\(warning\\) \\$\\(zap\\)');
  });
});
