/**
 * The parse tree of a Go template, as text/template/parse builds it. Each node knows its
 * position (a UTF-16 offset into the text) and prints itself as Go's Node.String() does,
 * because execution errors quote that text (`executing "x" at <humanize "one">`).
 */

import { goQuote } from '../../../shared/text/quote.js';

export type Node =
  | ListNode
  | TextNode
  | ActionNode
  | PipeNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | BranchNode
  | TemplateNode
  | BreakNode
  | ContinueNode
  | EndNode
  | ElseNode;

export interface ListNode {
  readonly kind: 'list';
  readonly pos: number;
  readonly nodes: Node[];
}

export interface TextNode {
  readonly kind: 'text';
  readonly pos: number;
  readonly text: string;
}

export interface ActionNode {
  readonly kind: 'action';
  readonly pos: number;
  readonly pipe: PipeNode;
}

export interface PipeNode {
  readonly kind: 'pipe';
  readonly pos: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}

export interface CommandNode {
  readonly kind: 'command';
  readonly pos: number;
  readonly args: Node[];
}

export interface IdentifierNode {
  readonly kind: 'identifier';
  readonly pos: number;
  readonly ident: string;
}

export interface VariableNode {
  readonly kind: 'variable';
  readonly pos: number;
  readonly ident: string[];
}

export interface DotNode {
  readonly kind: 'dot';
  readonly pos: number;
}

export interface NilNode {
  readonly kind: 'nil';
  readonly pos: number;
}

export interface FieldNode {
  readonly kind: 'field';
  readonly pos: number;
  readonly ident: string[];
}

export interface ChainNode {
  readonly kind: 'chain';
  readonly pos: number;
  readonly node: Node;
  readonly field: string[];
}

export interface BoolNode {
  readonly kind: 'bool';
  readonly pos: number;
  readonly value: boolean;
}

/** A number constant with every reading Go's parser finds valid for it. */
export interface NumberNode {
  readonly kind: 'number';
  readonly pos: number;
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly int: bigint;
  readonly uint: bigint;
  readonly float: number;
}

export interface StringNode {
  readonly kind: 'string';
  readonly pos: number;
  readonly quoted: string;
  readonly text: string;
}

export interface BranchNode {
  readonly kind: 'if' | 'range' | 'with';
  readonly pos: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | null;
}

export interface TemplateNode {
  readonly kind: 'template';
  readonly pos: number;
  readonly name: string;
  readonly pipe: PipeNode | null;
}

export interface BreakNode {
  readonly kind: 'break';
  readonly pos: number;
}

export interface ContinueNode {
  readonly kind: 'continue';
  readonly pos: number;
}

/** Parse-time only: ends an item list. */
export interface EndNode {
  readonly kind: 'end';
  readonly pos: number;
}

export interface ElseNode {
  readonly kind: 'else';
  readonly pos: number;
}

/** Go's Node.String(). */
export function nodeString(n: Node): string {
  switch (n.kind) {
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return n.text;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ');
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'identifier':
      return n.ident;
    case 'variable':
      return n.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'field':
      return n.ident.map((id) => '.' + id).join('');
    case 'chain': {
      const head = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return head + n.field.map((f) => '.' + f).join('');
    }
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'if':
    case 'range':
    case 'with': {
      const els = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}${els}{{end}}`;
    }
    case 'template':
      return n.pipe ? `{{template ${goQuote(n.name)} ${nodeString(n.pipe)}}}` : `{{template ${goQuote(n.name)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'end':
      return '{{end}}';
    case 'else':
      return '{{else}}';
  }
}

/** A parsed template: a name and its tree; all trees of one parse share the text. */
export interface Tree {
  readonly name: string;
  /** The name of the top-level template, for error locations. */
  readonly parseName: string;
  readonly text: string;
  readonly root: ListNode;
}

/** Go's parse.IsEmptyTree: nothing but space and comments. */
export function isEmptyTree(n: Node | null): boolean {
  if (!n) return true;
  switch (n.kind) {
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return n.text.trim() === '';
    default:
      return false;
  }
}
