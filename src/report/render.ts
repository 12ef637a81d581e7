/** Renders the report model as GitHub Markdown and as a standalone HTML page (no external assets). */
import type { Report, ReportTable } from './report-model.js';

const escapeMarkdown = (text: string) => text.replace(/\|/g, '\\|');

function markdownTable(table: ReportTable): string {
  const lines = [table.header, table.header.map(() => '---'), ...table.rows].map((cells) => `| ${cells.map(escapeMarkdown).join(' | ')} |`);
  return lines.join('\n');
}

export function renderMarkdown(report: Report): string {
  const parts = [`# ${report.title}`, ...report.preamble];
  for (const section of report.sections) {
    parts.push(`## ${section.title}`);
    if (section.note) parts.push(section.note);
    parts.push(markdownTable(section.table));
  }
  return `${parts.join('\n\n')}\n`;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlTable(table: ReportTable): string {
  const head = `<tr>${table.header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr>`;
  const body = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

export function renderHtml(report: Report): string {
  const sections = report.sections
    .map((section) => `<section>\n<h2>${escapeHtml(section.title)}</h2>\n${section.note ? `<p>${escapeHtml(section.note)}</p>\n` : ''}${htmlTable(section.table)}\n</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(report.title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; }
th { background: #f3f3f3; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<h1>${escapeHtml(report.title)}</h1>
${report.preamble.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
${sections}
</body>
</html>
`;
}
