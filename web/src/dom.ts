/** Building DOM nodes without a framework: one call per element, children as nodes or text. */

type Child = Node | string | null | undefined | false;

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean> = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) node.setAttribute(name, '');
    else if (value !== false) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** A <select> of options, optionally in <optgroup>s. */
export function selectOf(
  attributes: Record<string, string | boolean>,
  groups: readonly { label: string | null; options: readonly { value: string; text: string }[] }[],
  selected: string,
): HTMLSelectElement {
  const option = (entry: { value: string; text: string }) => element('option', { value: entry.value, selected: entry.value === selected }, [entry.text]);
  return element('select', attributes, groups.map((group) => (group.label === null ? group.options.map(option) : [element('optgroup', { label: group.label }, group.options.map(option))])).flat());
}

/**
 * Runs `load` and hands its result to `show` unless a newer call started meanwhile, so that a slow
 * answer to an old filter never overwrites the answer to the current one.
 */
export function latestOnly() {
  let generation = 0;
  return async <T>(load: () => Promise<T>, show: (value: T) => void | Promise<void>, fail: (error: unknown) => void): Promise<void> => {
    generation += 1;
    const mine = generation;
    try {
      const value = await load();
      if (mine === generation) await show(value);
    } catch (error) {
      if (mine === generation) fail(error);
    }
  };
}
