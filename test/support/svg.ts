/** Reads an SVG document with an XML parser (fast-xml-parser): its root attributes and every text it shows. */
import { XMLParser, XMLValidator } from "fast-xml-parser";

/** What a test checks in an SVG: the root element's attributes and the content of every `<text>` element, in order. */
export interface ParsedSvg {
  readonly attributes: Readonly<Record<string, string>>;
  readonly texts: readonly string[];
}

type XmlNode = Record<string, unknown>;

/** Parses `svg`; throws when it is not well-formed XML or its root is not `<svg>`. */
export function parseSvg(svg: string): ParsedSvg {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "", textNodeName: "#text" });
  const [root] = (parser.parse(svg) as XmlNode[]).filter((node) => !("?xml" in node));
  if (root === undefined || !("svg" in root)) throw new Error(`the root element is not <svg>: ${Object.keys(root ?? {}).join(", ")}`);
  const texts: string[] = [];
  const walk = (nodes: readonly XmlNode[], inText: boolean): void => {
    for (const node of nodes) {
      for (const [name, value] of Object.entries(node)) {
        if (name === "#text" && inText) texts.push(String(value));
        else if (Array.isArray(value)) walk(value as XmlNode[], name === "text" || (inText && name === "tspan"));
      }
    }
  };
  walk([root], false);
  return { attributes: (root[":@"] ?? {}) as Record<string, string>, texts };
}
