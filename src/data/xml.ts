/**
 * A small XML reader and text escaper for `from_xml`/`schema_of_xml`/`to_xml`: elements,
 * attributes, text, CDATA, the five predefined entities and numeric character references;
 * comments, processing instructions and DOCTYPE are skipped. Not a validating parser: malformed
 * input gives undefined.
 *
 * Example: `<p a="1"><b>x &amp; y</b><![CDATA[z]]></p>` reads as the element p with attribute
 * a = "1", one child b with text "x & y", and text "z".
 */

/** One parsed element. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The concatenated character data directly inside the element (trimmed). */
  readonly text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

/** Parses the first element of `text`; undefined when it is not well-formed. */
export function parseXml(text: string): XmlElement | undefined {
  let i = 0;
  const n = text.length;
  const skipMisc = (): void => {
    for (;;) {
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text.startsWith("<?", i)) {
        const e = text.indexOf("?>", i);
        i = e < 0 ? n : e + 2;
      } else if (text.startsWith("<!--", i)) {
        const e = text.indexOf("-->", i);
        i = e < 0 ? n : e + 3;
      } else if (text.startsWith("<!DOCTYPE", i)) {
        const e = text.indexOf(">", i);
        i = e < 0 ? n : e + 1;
      } else return;
    }
  };
  const nameRe = /[A-Za-z_:][\w.:-]*/y;
  const readName = (): string | undefined => {
    nameRe.lastIndex = i;
    const m = nameRe.exec(text);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const element = (): XmlElement | undefined => {
    if (text[i] !== "<") return undefined;
    i++;
    const name = readName();
    if (name === undefined) return undefined;
    const attributes = new Map<string, string>();
    for (;;) {
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text.startsWith("/>", i)) {
        i += 2;
        return { name, attributes, children: [], text: "" };
      }
      if (text[i] === ">") {
        i++;
        break;
      }
      const attr = readName();
      if (attr === undefined) return undefined;
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text[i] !== "=") return undefined;
      i++;
      while (i < n && /\s/.test(text[i]!)) i++;
      const q = text[i];
      if (q !== '"' && q !== "'") return undefined;
      const end = text.indexOf(q, i + 1);
      if (end < 0) return undefined;
      attributes.set(attr, decodeEntities(text.slice(i + 1, end)));
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let body = "";
    for (;;) {
      if (i >= n) return undefined;
      if (text.startsWith("</", i)) {
        i += 2;
        const close = readName();
        if (close !== name) return undefined;
        while (i < n && /\s/.test(text[i]!)) i++;
        if (text[i] !== ">") return undefined;
        i++;
        return { name, attributes, children, text: body.trim() };
      }
      if (text.startsWith("<![CDATA[", i)) {
        const e = text.indexOf("]]>", i);
        if (e < 0) return undefined;
        body += text.slice(i + 9, e);
        i = e + 3;
      } else if (text.startsWith("<!--", i) || text.startsWith("<?", i)) {
        skipMisc();
      } else if (text[i] === "<") {
        const child = element();
        if (child === undefined) return undefined;
        children.push(child);
      } else {
        const next = text.indexOf("<", i);
        const end = next < 0 ? n : next;
        body += decodeEntities(text.slice(i, end));
        i = end;
      }
    }
  };
  skipMisc();
  return element();
}

/** Escapes text for element content or a double-quoted attribute. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) =>
    c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : c === '"' ? "&quot;" : "&apos;",
  );
}
