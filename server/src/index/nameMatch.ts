// Finds which handler names a source text mentions, for the name-driven definition pass. Pure.

// One alternation regex per name set: a single pass over the text, about 2.5 times faster than
// testing every identifier of the text against the set (measured on the WDK samples).
const matchers = new WeakMap<ReadonlySet<string>, RegExp | null>();

function matcherFor(names: ReadonlySet<string>): RegExp | null {
  let re = matchers.get(names);
  if (re === undefined) {
    const words = [...names].filter((n) => /^[A-Za-z_][\w:]*$/.test(n));
    // Very large sets make an unwieldy regex: fall back to the identifier scan.
    re =
      words.length > 0 && words.length <= 5000
        ? new RegExp(`\\b(?:${words.sort((a, b) => b.length - a.length).join('|')})\\b`, 'g')
        : null;
    matchers.set(names, re);
  }
  return re;
}

/** Handler names the text mentions as whole identifiers. */
export function mentionedNames(text: string, names: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (names.size === 0) return out;
  const re = matcherFor(names);
  if (re) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) out.add(m[0]);
    return out;
  }
  const ident = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = ident.exec(text); m; m = ident.exec(text)) if (names.has(m[0])) out.add(m[0]);
  return out;
}
