// C++ names as the index compares them: a handler registered or defined qualified (`ns::Read`,
// `Driver::Read`) also answers to its last part.

/** `Read` of `ns::Read`; an unqualified name itself. */
export function lastPart(name: string): string {
  const i = name.lastIndexOf('::');
  return i < 0 ? name : name.slice(i + 2);
}
