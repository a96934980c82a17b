/// <reference lib="dom" />
let listHash = '#/';

/** The list remembers its filters' address so that going back from a trace keeps them. */
export function rememberListAddress(hash: string): void {
  listHash = hash || '#/';
}

export function backToList(): void {
  location.hash = listHash;
}
