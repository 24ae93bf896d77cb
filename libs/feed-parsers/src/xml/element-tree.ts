/**
 * A small element tree for one bounded piece of a document (one camt entry, one balance), built while
 * streaming and dropped once mapped. The whole file is never held as a tree.
 */
export interface XmlElement {
  name: string;
  attributes?: Readonly<Record<string, string>>;
  /** Direct text content, untrimmed. */
  text: string;
  children: XmlElement[];
  line: number;
}

/** Builds a tree from open/text/close events; `maxNodes` bounds what one captured piece may hold. */
export class ElementTreeBuilder {
  private readonly stack: XmlElement[] = [];
  private nodes = 0;
  readonly root: XmlElement;

  constructor(name: string, attributes: Readonly<Record<string, string>>, line: number, private readonly maxNodes: number) {
    this.root = newElement(name, attributes, line);
    this.stack.push(this.root);
  }

  /** False when the piece grows beyond `maxNodes`. */
  open(name: string, attributes: Readonly<Record<string, string>>, line: number): boolean {
    if (++this.nodes > this.maxNodes) return false;
    const element = newElement(name, attributes, line);
    this.stack[this.stack.length - 1].children.push(element);
    this.stack.push(element);
    return true;
  }

  text(text: string): void {
    const current = this.stack[this.stack.length - 1];
    // Whitespace between child elements is layout, not content.
    if (current.children.length > 0 && isBlank(text)) return;
    current.text += text;
  }

  /** True when the captured root itself closed. */
  close(): boolean {
    this.stack.pop();
    return this.stack.length === 0;
  }
}

function newElement(name: string, attributes: Readonly<Record<string, string>>, line: number): XmlElement {
  const element: XmlElement = { name, text: '', children: [], line };
  for (const _ in attributes) {
    element.attributes = attributes;
    break;
  }
  return element;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!element) return undefined;
  for (const c of element.children) if (c.name === name) return c;
  return undefined;
}

export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** Paths are a few dozen literals in the mappers; split each once. */
const splitPaths = new Map<string, string[]>();

/** The first element along a `A/B/C` path. */
export function at(element: XmlElement | undefined, path: string): XmlElement | undefined {
  let steps = splitPaths.get(path);
  if (steps === undefined) {
    steps = path.split('/');
    if (splitPaths.size < 10_000) splitPaths.set(path, steps);
  }
  let current = element;
  for (let i = 0; i < steps.length && current !== undefined; i++) current = child(current, steps[i]);
  return current;
}

/** Trimmed text at a path; undefined when absent or blank. */
export function textAt(element: XmlElement | undefined, path: string): string | undefined {
  const found = at(element, path);
  if (!found) return undefined;
  const text = found.text.trim();
  return text === '' ? undefined : text;
}

/** The first of several paths that has text. */
export function firstText(element: XmlElement | undefined, ...paths: string[]): string | undefined {
  for (const path of paths) {
    const text = textAt(element, path);
    if (text !== undefined) return text;
  }
  return undefined;
}
