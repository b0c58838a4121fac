const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Accepts an id or a pasted link that contains one. */
export const idIn = (text: string) => UUID.exec(text)?.[0]?.toLowerCase() ?? null;
