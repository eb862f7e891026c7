// Quoting for the shell commands the audit prints as fixes: what is printed can be pasted as is.

/** A POSIX shell word: bare when it is safe, otherwise single-quoted. */
export function sh(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A regular expression matching exactly `name` (RabbitMQ policy patterns are regexes). */
export function exactPattern(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}
