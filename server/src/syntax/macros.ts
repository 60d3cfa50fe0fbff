// Function-like macros whose body writes `->MajorFunction[`: each invocation is expanded in
// place (one level, arguments substituted, `##` pasted) so the normal recognizers see the
// registrations at the invocation's line. The `#define` line itself is never a registration.
// Expansions keep the text's line count, so every other position stays where it was.
import type { Directive } from './lexer';
import { expressionEnd } from './expressions';
import { T_IDENT } from './lexer';
import type { Tokens } from './tokens';

interface RegistrationMacro {
  params: string[];
  body: string;
}

function registrationMacros(directives: readonly Directive[]): Map<string, RegistrationMacro> {
  const macros = new Map<string, RegistrationMacro>();
  for (const d of directives) {
    if (d.name !== 'define' || !d.body.includes('MajorFunction')) continue;
    const m = /^([A-Za-z_]\w*)\(([^)]*)\)([\s\S]*)$/.exec(d.body);
    if (!m || !/MajorFunction\s*\[/.test(m[3])) continue;
    const params = m[2]
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    macros.set(m[1], { params, body: m[3].trim() });
  }
  return macros;
}

/** The text with registration-macro invocations expanded, or null when there are none. */
export function expandRegistrationMacros(text: string, t: Tokens): string | null {
  const macros = registrationMacros(t.s.directives);
  if (macros.size === 0) return null;
  const pieces: string[] = [];
  let copied = 0;
  for (let i = 0; i < t.count; i++) {
    if (t.s.kind[i] !== T_IDENT || !t.is(i + 1, '(')) continue;
    const macro = macros.get(t.text(i));
    const close = t.match[i + 1];
    if (!macro || close < 0) continue;
    const args: string[] = [];
    let k = i + 2;
    while (k < close) {
      const end = Math.min(expressionEnd(t, k), close);
      args.push(t.s.text.slice(t.s.start[k], t.s.end[end - 1]).replace(/\s+/g, ' '));
      k = end + 1;
    }
    const byName = new Map(macro.params.map((p, n) => [p, args[n] ?? '']));
    const expanded = macro.body
      .replace(/[A-Za-z_]\w*/g, (w) => byName.get(w) ?? w)
      .replace(/\s*##\s*/g, '')
      .replace(/[\r\n]+/g, ' ');
    const from = t.s.start[i];
    const to = t.s.end[close];
    const newlines = (text.slice(from, to).match(/\n/g) ?? []).length;
    pieces.push(text.slice(copied, from), expanded, '\n'.repeat(newlines));
    copied = to;
    i = close;
  }
  if (pieces.length === 0) return null;
  pieces.push(text.slice(copied));
  return pieces.join('');
}
