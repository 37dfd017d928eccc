/** README blocks that scripts regenerate: the text between `<!-- <name>:start -->` and `<!-- <name>:end -->`. */

/** `readme` with the block between the `name` markers replaced by `block`; throws when the markers are missing. */
export function withReadmeBlock(readme: string, name: string, block: string): string {
  const startMarker = `<!-- ${name}:start -->`;
  const endMarker = `<!-- ${name}:end -->`;
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`README.md has no ${startMarker} ... ${endMarker} markers`);
  return `${readme.slice(0, start + startMarker.length)}\n${block}\n${readme.slice(end)}`;
}
