import { readFileSync } from 'node:fs';
import ts from 'typescript';

/**
 * Finds words a person would read that are written in a web source file instead
 * of the message catalogues: JSX text, text-bearing attributes (aria-label,
 * placeholder, title, alt, label) and sentence-like string literals
 * ("Bid placed", "Could not save"). Brand names and symbols pass.
 */

const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'placeholder', 'title', 'alt', 'label', 'aria-roledescription']);
const ALLOWED = /\bGavel\b/g;
const hasWords = (s: string) => /\p{L}{2,}/u.test(s.replace(ALLOWED, ''));
/** "Bid placed", "Could not save it": capitalised, at least two words; not a class list, path or code. */
const sentenceLike = (s: string) => /^\s*\p{Lu}\p{Ll}*[\s,]+\p{L}{2,}/u.test(s.replace(ALLOWED, '')) && !/^[\w-]+(\/[\w-]+)+$/.test(s);

export interface Finding {
  line: number;
  text: string;
}

function isIgnoredLiteral(node: ts.Node): boolean {
  const p = node.parent;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isLiteralTypeNode(p)) return true;
  if (ts.isJsxAttribute(p)) return true; // attributes are judged by name below
  if (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && p.expression.expression.getText() === 'console') return true;
  return false;
}

export function untranslated(file: string): Finding[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Finding[] = [];
  const add = (node: ts.Node, text: string) =>
    found.push({ line: src.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.trim().slice(0, 80) });
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) add(node, node.text);
    else if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const name = node.name.getText();
      if (TEXT_ATTRIBUTES.has(name) && hasWords(node.initializer.text)) add(node, `${name}="${node.initializer.text}"`);
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !isIgnoredLiteral(node) && sentenceLike(node.text))
      add(node, node.text);
    else if (ts.isTemplateExpression(node) && sentenceLike(node.head.text + node.templateSpans.map((s) => s.literal.text).join(' ')))
      add(node, node.getText());
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}
