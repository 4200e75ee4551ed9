type Child = Node | string | null | undefined | false;

/** A tiny element builder: attributes (`on…` are listeners), then children; text is always escaped. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | EventListener | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

export function replace(container: Element, ...children: (Child | Child[])[]): void {
  container.replaceChildren(...(children.flat().filter(Boolean) as (Node | string)[]));
}

/** A full-page message: the widget cannot do anything else in this state. */
export function notice(container: Element, title: string, text: string): void {
  replace(container, h("section", { class: "notice", role: "alert" }, h("h1", {}, title), h("p", {}, text)));
}
