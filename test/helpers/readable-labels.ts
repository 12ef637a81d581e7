/** Whether a label shown to a person still holds a token meant for code (docs/api-contract.md, "Labels"). */

/** Why a label is not fit for a person, or null: an `=`, an enum spelling, a boolean spelling, a camelCase or dotted variable name. */
export function rawToken(label: string): string | null {
  const patterns: [RegExp, string][] = [
    [/=/, '"="'],
    [/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/, 'an enum spelling'],
    [/\b(MALE|FEMALE|ALIVE|DEAD|WELL|UNILOBAR|BILOBAR|CARCINOID)\b/, 'an enum spelling'],
    [/\b(true|false)\b/, 'a boolean spelling'],
    [/\b[a-z]+[A-Z][A-Za-z]*\b/, 'a camelCase variable name'],
    [/[a-z]\.[A-Z]/, 'a dotted variable name'],
    [/ not in \{/, 'a set expression'],
  ];
  const found = patterns.find(([pattern]) => pattern.test(label));
  return found === undefined ? null : `${JSON.stringify(label)} shows ${found[1]}`;
}
