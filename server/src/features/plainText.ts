// Markdown of hovers and completion documentation as plain text, for clients whose
// hover.contentFormat / completionItem.documentationFormat lists only 'plaintext'.
import type { CompletionList, Hover, MarkupContent } from 'vscode-languageserver';

/**
 * The subset of Markdown the features write (bold, code spans, links, escapes, rules) turned
 * into readable plain text: `[f.c:12](uri)` becomes `f.c:12`, a documentation link keeps its URL.
 */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/\[((?:\\.|[^\]\\])*)\]\((https?:[^)\s]+)\)/g, '$1 <$2>')
    .replace(/\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)/g, '$1')
    .replace(/^---$/gm, '')
    .replace(/\*\*|`/g, '')
    .replace(/\\([\\`*_[\]<>|])/g, '$1')
    .replace(/\n{3,}/g, '\n\n');
}

/** A hover whose Markdown contents are rewritten as plain text (other shapes pass through). */
export function hoverAsPlainText(hover: Hover | null): Hover | null {
  const contents = hover?.contents as MarkupContent | undefined;
  if (!hover || contents?.kind !== 'markdown') return hover;
  return { ...hover, contents: { kind: 'plaintext', value: markdownToPlainText(contents.value) } };
}

/** A completion list whose items' Markdown documentation is rewritten as plain text. */
export function completionAsPlainText(list: CompletionList | null): CompletionList | null {
  if (!list) return list;
  const items = list.items.map((item) => {
    const doc = item.documentation;
    if (typeof doc !== 'object' || doc.kind !== 'markdown') return item;
    return { ...item, documentation: markdownToPlainText(doc.value) };
  });
  return { ...list, items };
}
