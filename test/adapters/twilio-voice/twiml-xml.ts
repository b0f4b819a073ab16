/**
 * A minimal XML element parser for asserting on TwiML in tests (no dependency, no regular
 * expressions): elements, attributes, text, the five predefined entities and numeric references;
 * the prolog and comments are skipped. It throws on anything malformed, so a test also proves the
 * TwiML is well-formed.
 */

/** An element: name, attributes and children (elements and text). */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: Array<XmlElement | string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

class XmlReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  document(): XmlElement {
    this.skipMisc();
    const root = this.element();
    this.skipMisc();
    if (this.pos !== this.text.length) this.fail('content after the root element');
    return root;
  }

  private element(): XmlElement {
    this.expect('<');
    const name = this.name();
    const attributes: Record<string, string> = {};
    for (;;) {
      this.skipSpace();
      if (this.startsWith('/>')) {
        this.pos += 2;
        return { name, attributes, children: [] };
      }
      if (this.startsWith('>')) break;
      const attribute = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      attributes[attribute] = this.quoted();
    }
    this.pos++;
    const children = this.content(name);
    return { name, attributes, children };
  }

  private content(name: string): Array<XmlElement | string> {
    const children: Array<XmlElement | string> = [];
    for (;;) {
      if (this.pos >= this.text.length) this.fail(`unclosed <${name}>`);
      if (this.startsWith('</')) {
        this.pos += 2;
        if (this.name() !== name) this.fail(`mismatched </…> for <${name}>`);
        this.skipSpace();
        this.expect('>');
        return children;
      }
      if (this.startsWith('<!--')) this.skipComment();
      else if (this.startsWith('<')) children.push(this.element());
      else children.push(this.textRun());
    }
  }

  private textRun(): string {
    let out = '';
    while (this.pos < this.text.length && this.text[this.pos] !== '<') {
      out += this.text[this.pos] === '&' ? this.entity() : this.text[this.pos++];
    }
    return out;
  }

  private quoted(): string {
    const quote = this.text[this.pos];
    if (quote !== '"' && quote !== "'") this.fail('attribute value without quotes');
    this.pos++;
    let out = '';
    while (this.text[this.pos] !== quote) {
      if (this.pos >= this.text.length) this.fail('unterminated attribute value');
      out += this.text[this.pos] === '&' ? this.entity() : this.text[this.pos++];
    }
    this.pos++;
    return out;
  }

  private entity(): string {
    const end = this.text.indexOf(';', this.pos);
    if (end === -1) this.fail('unterminated entity');
    const ref = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const value = ENTITIES[ref];
    if (value === undefined) this.fail(`unknown entity &${ref};`);
    return value;
  }

  private name(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !' \t\r\n/>=<"\''.includes(this.text[this.pos] as string))
      this.pos++;
    if (this.pos === start) this.fail('expected a name');
    return this.text.slice(start, this.pos);
  }

  private skipMisc(): void {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<?')) this.skipTo('?>');
      else if (this.startsWith('<!--')) this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    this.skipTo('-->');
  }

  private skipTo(end: string): void {
    const at = this.text.indexOf(end, this.pos);
    if (at === -1) this.fail(`missing ${end}`);
    this.pos = at + end.length;
  }

  private skipSpace(): void {
    while (' \t\r\n'.includes(this.text[this.pos] ?? 'x')) this.pos++;
  }

  private startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  private expect(token: string): void {
    if (!this.startsWith(token)) this.fail(`expected "${token}"`);
    this.pos += token.length;
  }

  private fail(problem: string): never {
    throw new Error(`malformed XML at ${this.pos}: ${problem}`);
  }
}

/** Parses an XML document and returns its root element. */
export function parseXml(text: string): XmlElement {
  return new XmlReader(text).document();
}

/** Every descendant element named `name`, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) =>
    typeof child === 'string' ? [] : [...(child.name === name ? [child] : []), ...findAll(child, name)],
  );
}

/** The first descendant named `name`, or an error naming what was there. */
export function findOne(element: XmlElement, name: string): XmlElement {
  const found = findAll(element, name)[0];
  if (!found) throw new Error(`no <${name}> in <${element.name}>`);
  return found;
}

/** The text content of an element. */
export function textOf(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** The texts of every `<Say>` of a TwiML document. */
export function saysOf(twiml: string): string[] {
  return findAll(parseXml(twiml), 'Say').map(textOf);
}
