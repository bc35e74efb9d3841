import { FastNode, FastTree } from "./fast-tree.js";
import { Tok, tokenize, type Tokens } from "./fast-tokens.js";

/**
 * A recursive-descent reading of @lezer/python's grammar (node_modules/@lezer/python/src/
 * python.grammar) for plain, valid code: it builds the tree lezer builds, node for node, or
 * gives up (undefined) where it is not sure, and the caller asks lezer. lezer's LR tables
 * cost 15-25 ms to load and its first parse of a 100-line app another 15-25 ms, cold; this
 * reads the same app in about a millisecond (test/bench/README.md). Equality with lezer's tree,
 * and giving up on every error lezer would mark, is what test/property/fast-parse.property.test.ts
 * checks on real Python (fal's own sources) and on broken variants of it.
 */
export function fastParse(src: string): FastTree | undefined {
  const tokens = tokenize(src);
  if (!tokens) return undefined;
  try {
    return new Parser(src, tokens).script();
  } catch (e) {
    // GIVE_UP, or a stack overflow on deep nesting: lezer answers either.
    if (e === GIVE_UP || e instanceof RangeError) return undefined;
    throw e;
  }
}

const GIVE_UP = new Error("fast-parse gives up");

/** lezer's kw<> terms: specialized, never a VariableName. (match, case, type are skw<>: both.) */
const KEYWORDS = new Set(
  "None True False and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(" "),
);

const COMPARE = new Set(["<", ">", "==", ">=", "<=", "!=", "<>"]);
const UPDATE = new Set(["+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", "<<=", ">>=", "**="]);
/** Binary operators of `expression`, by precedence (the grammar's @precedence, tightest last). */
const BINARY: Record<string, number> = { "|": 1, "^": 2, "&": 3, "<<": 4, ">>": 4, "+": 5, "-": 5, "*": 6, "@": 6, "/": 6, "%": 6, "//": 6, "**": 8 };
const PREFIX = 7;
/** Operators declared as literal tokens, so their ArithOp node holds a child named after them. */
const LITERAL_OPS = new Set(["*", "**", "@"]);

interface Mark {
  idx: number;
  from: number;
}

class Parser {
  private pos = 0;
  private comment = 0;
  private lastEnd = 0;
  private readonly stack: FastNode[] = [];
  private readonly kind: Tok[];
  private readonly start: number[];
  private readonly end: number[];

  constructor(
    private readonly src: string,
    private readonly t: Tokens,
  ) {
    this.kind = t.kind;
    this.start = t.from;
    this.end = t.to;
  }

  script(): FastTree {
    while (this.kind[this.pos] !== Tok.Eof) this.statement();
    this.flush(Infinity);
    const top = new FastNode("Script", 0, this.src.length);
    top.adopt(this.stack, 0, this.stack.length);
    return new FastTree(top);
  }

  // --- tokens -------------------------------------------------------------------------------

  private fail(): never {
    throw GIVE_UP;
  }

  /** Comments before `upTo` go into the tree now, under whatever node is open. */
  private flush(upTo: number): void {
    const { commentFrom, commentTo } = this.t;
    while (this.comment < commentFrom.length && commentFrom[this.comment] < upTo) {
      this.stack.push(new FastNode("Comment", commentFrom[this.comment], commentTo[this.comment]));
      this.comment++;
    }
  }

  private text(at = this.pos): string {
    return this.src.slice(this.start[at], this.end[at]);
  }

  private isOp(op: string, at = this.pos): boolean {
    return this.kind[at] === Tok.Op && this.end[at] - this.start[at] === op.length && this.src.startsWith(op, this.start[at]);
  }

  private isName(word: string, at = this.pos): boolean {
    return this.kind[at] === Tok.Name && this.end[at] - this.start[at] === word.length && this.src.startsWith(word, this.start[at]);
  }

  /** Consume the current token as a node named `name`. */
  private leaf(name: string): void {
    this.flush(this.start[this.pos]);
    this.stack.push(new FastNode(name, this.start[this.pos], this.end[this.pos]));
    this.lastEnd = this.end[this.pos];
    this.pos++;
  }

  /** Consume an anonymous token (it still counts for the range of the node around it). */
  private skip(): void {
    this.flush(this.start[this.pos]);
    this.lastEnd = this.end[this.pos];
    this.pos++;
  }

  private op(op: string): void {
    if (!this.isOp(op)) this.fail();
    this.leaf(op);
  }

  private keyword(word: string): void {
    if (!this.isName(word)) this.fail();
    this.leaf(word);
  }

  private mark(): Mark {
    this.flush(this.start[this.pos]);
    return { idx: this.stack.length, from: this.start[this.pos] };
  }

  private finish(name: string, m: Mark): void {
    const node = new FastNode(name, m.from, this.lastEnd);
    node.adopt(this.stack, m.idx, this.stack.length);
    this.stack.length = m.idx;
    this.stack.push(node);
  }

  private variableName(): void {
    if (this.kind[this.pos] !== Tok.Name || KEYWORDS.has(this.text())) this.fail();
    this.leaf("VariableName");
  }

  /** Could the current token begin a `test`? */
  private startsTest(): boolean {
    const k = this.kind[this.pos];
    if (k === Tok.Name) {
      const w = this.text();
      return !KEYWORDS.has(w) || w === "None" || w === "True" || w === "False" || w === "not" || w === "lambda" || w === "await";
    }
    if (k === Tok.Number || k === Tok.StrStart || k === Tok.FStrStart) return true;
    if (k !== Tok.Op) return false;
    const o = this.text();
    return o === "(" || o === "[" || o === "{" || o === "-" || o === "+" || o === "~" || o === "...";
  }

  /** `commaSep<item>`: one item, then `, item` while one follows (a trailing comma is allowed). */
  private commaSep(item: () => void, starts: () => boolean = () => this.startsTest() || this.isOp("*")): void {
    item();
    while (this.isOp(",")) {
      this.leaf(",");
      if (!starts()) return;
      item();
    }
  }

  // --- statements ---------------------------------------------------------------------------

  private statement(): void {
    const k = this.kind[this.pos];
    if (k === Tok.Op && this.isOp("@")) return this.decorated();
    if (k !== Tok.Name) return this.simpleStatement();
    switch (this.text()) {
      case "if":
        return this.ifStatement();
      case "while":
        return this.whileStatement();
      case "for":
        return this.forStatement();
      case "try":
        return this.tryStatement();
      case "with":
        return this.withStatement();
      case "def":
        return this.functionDefinition();
      case "class":
        return this.classDefinition();
      case "async": {
        if (this.isName("def", this.pos + 1)) return this.functionDefinition();
        if (this.isName("for", this.pos + 1)) return this.forStatement();
        if (this.isName("with", this.pos + 1)) return this.withStatement();
        return this.fail();
      }
      default:
        return this.simpleStatement();
    }
  }

  private simpleStatement(): void {
    const m = this.mark();
    this.smallStatement();
    if (this.isOp(";")) {
      while (this.isOp(";")) {
        this.leaf(";");
        const k = this.kind[this.pos];
        if (k !== Tok.Newline && k !== Tok.Eof) this.smallStatement();
      }
      this.endOfLine();
      this.finish("StatementGroup", m);
    } else this.endOfLine();
  }

  private endOfLine(): void {
    const k = this.kind[this.pos];
    if (k === Tok.Newline) this.skip();
    else if (k !== Tok.Eof) this.fail();
  }

  private atStatementEnd(): boolean {
    const k = this.kind[this.pos];
    return k === Tok.Newline || k === Tok.Eof || this.isOp(";");
  }

  private smallStatement(): void {
    if (this.kind[this.pos] !== Tok.Name) return this.expressionStatement();
    const m = this.mark();
    const word = this.text();
    // tokens.js legacyPrint tests the character after `print` with /\w/, which is ASCII only:
    // at a statement's start, `printé` is the print keyword and `é`.
    if (word.length > 5 && word.startsWith("print") && word.charCodeAt(5) >= 0x80) this.fail();
    switch (word) {
      case "pass":
      case "break":
      case "continue":
        this.leaf(word);
        return this.finish(word === "pass" ? "PassStatement" : word === "break" ? "BreakStatement" : "ContinueStatement", m);
      case "del":
        this.leaf("del");
        this.commaSep(() => this.expression());
        return this.finish("DeleteStatement", m);
      case "return":
        this.leaf("return");
        if (!this.atStatementEnd()) this.commaSep(() => this.testOrStar());
        return this.finish("ReturnStatement", m);
      case "raise":
        this.leaf("raise");
        if (!this.atStatementEnd()) {
          this.test();
          if (this.isName("from")) {
            this.leaf("from");
            this.test();
          }
        }
        return this.finish("RaiseStatement", m);
      case "global":
      case "nonlocal":
        this.leaf(word);
        this.commaSep(() => this.variableName(), () => this.kind[this.pos] === Tok.Name);
        return this.finish("ScopeStatement", m);
      case "assert":
        this.leaf("assert");
        this.commaSep(() => this.test());
        return this.finish("AssertStatement", m);
      case "import":
      case "from":
        this.importStatement();
        return this.finish("ImportStatement", m);
      case "yield":
        this.yieldBody();
        return this.finish("YieldStatement", m);
      case "print": {
        // tokens.js legacyPrint: `print` followed by anything but ( . newline # is Python 2's print statement.
        const after = /^[ \t]*(.)/s.exec(this.src.slice(this.end[this.pos], this.end[this.pos] + 200));
        if (!after || !"(.\n#".includes(after[1])) this.fail();
        break;
      }
      case "match":
      case "type": {
        // skw<>: a statement keyword or a name; lezer decides with the whole line. Take the plain names.
        const next = this.pos + 1;
        const plainName = this.isOp("=", next) || this.isOp(".", next) || this.isOp(":", next) || (this.kind[next] === Tok.Op && UPDATE.has(this.text(next)));
        // `type(x)` cannot be `type X = ...`; `match(x)` may be a match statement.
        if (!plainName && !(word === "type" && this.isOp("(", next))) this.fail();
        break;
      }
    }
    this.expressionStatement(m);
  }

  private expressionStatement(m = this.mark()): void {
    this.commaSep(() => this.testOrStar());
    const annotated = this.isOp(":");
    if (annotated) this.typeDef();
    if (this.isOp("=")) {
      while (this.isOp("=")) {
        this.leaf("AssignOp");
        if (this.isName("yield")) this.yieldExpression();
        else this.commaSep(() => this.testOrStar());
      }
      return this.finish("AssignStatement", m);
    }
    if (annotated) return this.finish("AssignStatement", m);
    if (this.kind[this.pos] === Tok.Op && UPDATE.has(this.text())) {
      this.leaf("UpdateOp");
      if (this.isName("yield")) this.yieldExpression();
      else this.commaSep(() => this.test());
      return this.finish("UpdateStatement", m);
    }
    this.finish("ExpressionStatement", m);
  }

  private typeDef(): void {
    const m = this.mark();
    this.op(":");
    this.test();
    this.finish("TypeDef", m);
  }

  private importStatement(): void {
    if (this.isName("import")) {
      this.leaf("import");
      return this.importedNames();
    }
    this.leaf("from");
    let dots = false;
    while (this.isOp(".") || this.isOp("...")) {
      this.leaf(this.isOp(".") ? "." : "Ellipsis");
      dots = true;
    }
    if (!dots || !this.isName("import")) this.dottedName();
    this.keyword("import");
    if (this.isOp("*")) return this.leaf("*");
    if (this.isOp("(")) {
      this.leaf("(");
      this.importedNames();
      return this.op(")");
    }
    this.importedNames();
  }

  private importedNames(): void {
    this.commaSep(
      () => {
        this.dottedName();
        if (this.isName("as")) {
          this.leaf("as");
          this.variableName();
        }
      },
      () => this.kind[this.pos] === Tok.Name,
    );
  }

  private dottedName(): void {
    this.variableName();
    while (this.isOp(".")) {
      this.leaf(".");
      this.variableName();
    }
  }

  private body(): void {
    const m = this.mark();
    this.op(":");
    if (this.kind[this.pos] !== Tok.Newline) {
      this.simpleStatement();
      return this.finish("Body", m);
    }
    this.skip();
    if (this.kind[this.pos] !== Tok.Indent) this.fail();
    this.pos++;
    do this.statement();
    while (this.kind[this.pos] !== Tok.Dedent && this.kind[this.pos] !== Tok.Eof);
    if (this.kind[this.pos] === Tok.Dedent) this.pos++;
    this.finish("Body", m);
  }

  private elseClause(): void {
    if (!this.isName("else")) return;
    this.leaf("else");
    this.body();
  }

  private ifStatement(): void {
    const m = this.mark();
    this.leaf("if");
    this.testNamed();
    this.body();
    while (this.isName("elif")) {
      this.leaf("elif");
      this.testNamed();
      this.body();
    }
    this.elseClause();
    this.finish("IfStatement", m);
  }

  private whileStatement(): void {
    const m = this.mark();
    this.leaf("while");
    this.testNamed();
    this.body();
    this.elseClause();
    this.finish("WhileStatement", m);
  }

  private forStatement(): void {
    const m = this.mark();
    if (this.isName("async")) this.leaf("async");
    this.keyword("for");
    this.commaSep(() => {
      if (this.isOp("*")) this.leaf("*");
      this.expression();
    });
    this.keyword("in");
    this.commaSep(() => this.test());
    this.body();
    this.elseClause();
    this.finish("ForStatement", m);
  }

  private tryStatement(): void {
    const m = this.mark();
    this.leaf("try");
    this.body();
    while (this.isName("except")) {
      this.leaf("except");
      if (this.isOp("*")) this.leaf("*");
      if (!this.isOp(":")) {
        this.test();
        if (this.isName("as")) {
          this.leaf("as");
          this.variableName();
        }
      }
      this.body();
    }
    this.elseClause();
    if (this.isName("finally")) {
      this.leaf("finally");
      this.body();
    }
    this.finish("TryStatement", m);
  }

  private withStatement(): void {
    const m = this.mark();
    if (this.isName("async")) this.leaf("async");
    this.keyword("with");
    this.commaSep(() => {
      this.test();
      if (this.isName("as")) {
        this.leaf("as");
        this.variableName();
      }
    });
    this.body();
    this.finish("WithStatement", m);
  }

  private functionDefinition(): void {
    const m = this.mark();
    if (this.isName("async")) this.leaf("async");
    this.keyword("def");
    this.variableName();
    const pm = this.mark();
    this.op("(");
    if (!this.isOp(")")) this.commaSep(() => this.param(), () => this.kind[this.pos] === Tok.Name || this.isOp("*") || this.isOp("**") || this.isOp("/"));
    this.op(")");
    this.finish("ParamList", pm);
    if (this.isOp("->")) {
      const tm = this.mark();
      this.skip();
      this.test();
      this.finish("TypeDef", tm);
    }
    this.body();
    this.finish("FunctionDefinition", m);
  }

  private param(): void {
    if (this.isOp("/")) return this.skip();
    const star = this.isOp("*") || this.isOp("**");
    if (star) {
      this.leaf(this.text());
      if (this.isOp("*", this.pos - 1) && this.kind[this.pos] !== Tok.Name) return; // a bare `*`
    }
    this.variableName();
    if (this.isOp(":")) this.typeDef();
    if (star || !this.isOp("=")) return;
    this.leaf("AssignOp");
    this.test();
  }

  private classDefinition(): void {
    const m = this.mark();
    this.leaf("class");
    this.variableName();
    if (this.isOp("(")) this.argList();
    this.body();
    this.finish("ClassDefinition", m);
  }

  private decorated(): void {
    const m = this.mark();
    while (this.isOp("@")) {
      const dm = this.mark();
      this.leaf("At");
      this.dottedName();
      if (this.isOp("(")) this.argList();
      if (this.kind[this.pos] !== Tok.Newline) this.fail();
      this.skip();
      this.finish("Decorator", dm);
    }
    if (this.isName("class")) this.classDefinition();
    else if (this.isName("def") || (this.isName("async") && this.isName("def", this.pos + 1))) this.functionDefinition();
    else this.fail();
    this.finish("DecoratedStatement", m);
  }

  // --- tests and expressions ----------------------------------------------------------------

  private testOrStar(): void {
    if (this.isOp("*")) {
      this.leaf("*");
      return this.expression();
    }
    this.test();
  }

  private test(): void {
    if (this.isName("lambda")) return this.lambda(() => this.test());
    const m = this.mark();
    this.testInner(1);
    if (!this.isName("if")) return;
    this.leaf("if");
    this.testInner(1);
    this.keyword("else");
    this.test();
    this.finish("ConditionalExpression", m);
  }

  private testNoCond(): void {
    if (this.isName("lambda")) return this.lambda(() => this.testNoCond());
    this.testInner(1);
  }

  private testNamed(): void {
    const m = this.mark();
    this.test();
    if (!this.isOp(":=")) return;
    this.leaf("AssignOp");
    this.test();
    this.finish("NamedExpression", m);
  }

  private lambda(body: () => void): void {
    const m = this.mark();
    this.leaf("lambda");
    const pm = this.mark();
    if (!this.isOp(":")) {
      for (;;) {
        if (this.isOp("*") || this.isOp("**")) {
          const star = this.isOp("*");
          this.leaf(star ? "*" : "**");
          if (!star || this.kind[this.pos] === Tok.Name) this.variableName();
        } else {
          this.variableName();
          if (this.isOp("=")) {
            this.leaf("AssignOp");
            this.test();
          }
        }
        if (!this.isOp(",")) break;
        this.leaf(",");
      }
      this.finish("ParamList", pm);
    } else {
      // An empty ParamList: lezer gives it a node of no length where the `:` starts.
      this.stack.push(new FastNode("ParamList", pm.from, pm.from));
    }
    this.op(":");
    body();
    this.finish("LambdaExpression", m);
  }

  /** or / and / comparisons, each left-associative; `not` takes a whole testInner (lezer's reading). */
  private testInner(minPrec: number): void {
    const m = this.mark();
    if (this.isName("not")) {
      this.leaf("not");
      this.testInner(1);
      this.finish("UnaryExpression", m);
    } else this.expression();
    for (;;) {
      const prec = this.testOperator();
      if (prec === 0 || prec < minPrec) return;
      if (prec === 3) this.compareOperator();
      else this.leaf(this.text());
      this.testInner(prec + 1);
      this.finish("BinaryExpression", m);
    }
  }

  /** Precedence of the operator here: 1 or, 2 and, 3 a comparison, 0 none. */
  private testOperator(): number {
    const k = this.kind[this.pos];
    if (k === Tok.Op) return COMPARE.has(this.text()) ? 3 : 0;
    if (k !== Tok.Name) return 0;
    const w = this.text();
    if (w === "or") return 1;
    if (w === "and") return 2;
    if (w === "in" || w === "is" || (w === "not" && this.isName("in", this.pos + 1))) return 3;
    return 0;
  }

  private compareOperator(): void {
    if (this.kind[this.pos] === Tok.Op) return this.leaf("CompareOp");
    if (this.isName("not")) {
      this.leaf("not");
      return this.leaf("in");
    }
    if (this.isName("in")) return this.leaf("in");
    this.leaf("is");
    if (this.isName("not")) this.leaf("not");
  }

  private expression(minPrec = 1): void {
    const m = this.mark();
    this.unary();
    for (;;) {
      if (this.kind[this.pos] !== Tok.Op) return;
      const o = this.text();
      const prec = BINARY[o];
      if (prec === undefined || prec < minPrec) return;
      this.operator(o, o === "|" || o === "^" || o === "&" || o === "<<" || o === ">>" ? "BitOp" : "ArithOp");
      this.expression(prec === 8 ? 8 : prec + 1);
      this.finish("BinaryExpression", m);
    }
  }

  private operator(o: string, name: string): void {
    if (!LITERAL_OPS.has(o)) return this.leaf(name);
    const m = this.mark();
    this.leaf(o);
    this.finish(name, m);
  }

  private unary(): void {
    const k = this.kind[this.pos];
    if (k === Tok.Op && (this.isOp("-") || this.isOp("+") || this.isOp("~"))) {
      const m = this.mark();
      this.leaf(this.isOp("~") ? "BitOp" : "ArithOp");
      this.expression(PREFIX);
      return this.finish("UnaryExpression", m);
    }
    if (k === Tok.Name && this.isName("await")) {
      const m = this.mark();
      this.leaf("await");
      this.expression(1);
      return this.finish("AwaitExpression", m);
    }
    this.primary();
  }

  private primary(): void {
    const m = this.mark();
    this.atom();
    for (;;) {
      if (this.kind[this.pos] !== Tok.Op) return;
      if (this.isOp("(")) {
        this.argList();
        this.finish("CallExpression", m);
      } else if (this.isOp("[")) {
        this.leaf("[");
        this.commaSep(() => this.subscriptItem(), () => this.startsTest() || this.isOp(":"));
        this.op("]");
        this.finish("MemberExpression", m);
      } else if (this.isOp(".")) {
        this.leaf(".");
        if (this.kind[this.pos] !== Tok.Name) this.fail();
        this.leaf("PropertyName");
        this.finish("MemberExpression", m);
      } else return;
    }
  }

  private subscriptItem(): void {
    if (!this.isOp(":")) this.testNamed();
    if (!this.isOp(":")) return;
    this.leaf(":");
    if (this.startsTest()) this.testNamed();
    if (!this.isOp(":")) return;
    this.leaf(":");
    if (this.startsTest()) this.testNamed();
  }

  private atom(): void {
    const k = this.kind[this.pos];
    if (k === Tok.Name) {
      const w = this.text();
      if (w === "None") return this.leaf("None");
      if (w === "True" || w === "False") return this.leaf("Boolean");
      return this.variableName();
    }
    if (k === Tok.Number) return this.leaf("Number");
    if (k === Tok.StrStart || k === Tok.FStrStart) return this.strings();
    if (k !== Tok.Op) this.fail();
    if (this.isOp("...")) return this.leaf("Ellipsis");
    if (this.isOp("(")) return this.parenthesized();
    if (this.isOp("[")) return this.bracketed();
    if (this.isOp("{")) return this.braced();
    this.fail();
  }

  private starOrNamed(): void {
    if (this.isOp("*")) {
      this.leaf("*");
      this.expression();
    } else this.testNamed();
  }

  private startsCompFor(): boolean {
    return this.isName("for") || (this.isName("async") && this.isName("for", this.pos + 1));
  }

  private parenthesized(): void {
    const m = this.mark();
    this.leaf("(");
    if (this.isOp(")")) {
      this.leaf(")");
      return this.finish("TupleExpression", m);
    }
    if (this.isName("yield")) {
      this.yieldExpression();
      this.op(")");
      return this.finish("ParenthesizedExpression", m);
    }
    this.starOrNamed();
    if (this.startsCompFor()) {
      this.compFor();
      this.op(")");
      return this.finish("ComprehensionExpression", m);
    }
    if (this.isOp(")")) {
      this.leaf(")");
      return this.finish("ParenthesizedExpression", m);
    }
    this.restOfList(")", () => this.starOrNamed());
    this.finish("TupleExpression", m);
  }

  /** `, item` until `close` (a trailing comma is allowed), then `close`. */
  private restOfList(close: string, item: () => void): void {
    while (this.isOp(",")) {
      this.leaf(",");
      if (this.isOp(close)) break;
      item();
    }
    this.op(close);
  }

  private bracketed(): void {
    const m = this.mark();
    this.leaf("[");
    if (this.isOp("]")) {
      this.leaf("]");
      return this.finish("ArrayExpression", m);
    }
    this.starOrNamed();
    if (this.startsCompFor()) {
      this.compFor();
      this.op("]");
      return this.finish("ArrayComprehensionExpression", m);
    }
    this.restOfList("]", () => this.starOrNamed());
    this.finish("ArrayExpression", m);
  }

  private braced(): void {
    const m = this.mark();
    this.leaf("{");
    if (this.isOp("}")) {
      this.leaf("}");
      return this.finish("DictionaryExpression", m);
    }
    let dict: boolean;
    if (this.isOp("**")) {
      this.leaf("**");
      this.expression();
      dict = true;
    } else if (this.isOp("*")) {
      this.leaf("*");
      this.expression();
      dict = false;
    } else {
      this.test();
      dict = this.isOp(":");
      if (dict) {
        this.leaf(":");
        this.test();
      }
    }
    if (this.startsCompFor()) {
      this.compFor();
      this.op("}");
      return this.finish(dict ? "DictionaryComprehensionExpression" : "SetComprehensionExpression", m);
    }
    this.restOfList("}", () => {
      if (this.isOp(dict ? "**" : "*")) {
        this.leaf(dict ? "**" : "*");
        this.expression();
      } else {
        this.test();
        if (dict) {
          this.op(":");
          this.test();
        }
      }
    });
    this.finish(dict ? "DictionaryExpression" : "SetExpression", m);
  }

  /** compFor / compIf, inline in the node around them. */
  private compFor(): void {
    if (this.isName("async")) this.leaf("async");
    this.keyword("for");
    this.commaSep(() => this.expression(), () => this.startsTest());
    this.keyword("in");
    this.testInner(1);
    for (;;) {
      if (this.startsCompFor()) return this.compFor();
      if (!this.isName("if")) return;
      this.leaf("if");
      this.testNoCond();
    }
  }

  private argList(): void {
    const m = this.mark();
    this.leaf("(");
    while (!this.isOp(")")) {
      this.argument();
      if (!this.isOp(",")) break;
      this.leaf(",");
    }
    this.op(")");
    this.finish("ArgList", m);
  }

  private argument(): void {
    if (this.isOp("*") || this.isOp("**")) {
      this.leaf(this.text());
      return this.test();
    }
    if (this.kind[this.pos] === Tok.Name && (this.isOp("=", this.pos + 1) || this.isOp(":=", this.pos + 1))) {
      this.variableName();
      this.leaf("AssignOp");
    }
    this.test();
    if (this.startsCompFor()) this.compFor();
  }

  /** `yield` inline: `from test` or at least one (star) test. */
  private yieldBody(): void {
    this.leaf("yield");
    if (this.isName("from")) {
      this.leaf("from");
      return this.test();
    }
    // A bare `yield` is valid Python; lezer's grammar wants a value and marks an empty error
    // there, which syntax-errors.ts forgives. This tree has no such node.
    if (this.startsTest() || this.isOp("*")) return this.commaSep(() => this.testOrStar());
    // lezer's empty error node sits where the next token starts and stretches the statement over
    // any space or comment before it: take a bare yield only with nothing between.
    if (this.start[this.pos] !== this.end[this.pos - 1]) this.fail();
  }

  private yieldExpression(): void {
    const m = this.mark();
    this.yieldBody();
    this.finish("YieldExpression", m);
  }

  // --- strings ------------------------------------------------------------------------------

  private strings(): void {
    const m = this.mark();
    this.string();
    if (this.kind[this.pos] !== Tok.StrStart && this.kind[this.pos] !== Tok.FStrStart) return;
    while (this.kind[this.pos] === Tok.StrStart || this.kind[this.pos] === Tok.FStrStart) this.string();
    this.finish("ContinuedString", m);
  }

  private string(): void {
    const m = this.mark();
    const format = this.kind[this.pos] === Tok.FStrStart;
    this.skip();
    for (;;) {
      const k = this.kind[this.pos];
      if (k === Tok.Escape) this.leaf("Escape");
      else if (k === Tok.ReplOpen) this.replacement();
      else if (k === Tok.StrEnd) break;
      else this.fail();
    }
    this.skip();
    this.finish(format ? "FormatString" : "String", m);
  }

  private replacement(): void {
    const m = this.mark();
    this.leaf("{");
    if (this.isName("yield")) this.yieldExpression();
    else
      this.commaSep(() => {
        if (this.isOp("*")) this.leaf("*");
        this.test();
      });
    if (this.kind[this.pos] === Tok.SelfDoc) this.leaf("FormatSelfDoc");
    if (this.kind[this.pos] === Tok.Conversion) this.leaf("FormatConversion");
    if (this.kind[this.pos] === Tok.SpecOpen) {
      const sm = this.mark();
      this.leaf(":");
      while (this.kind[this.pos] === Tok.ReplOpen) this.replacement();
      // The spec's plain characters are an anonymous token: the spec ends where its `}` starts.
      if (this.kind[this.pos] !== Tok.ReplClose) this.fail();
      this.lastEnd = this.start[this.pos];
      this.finish("FormatSpec", sm);
    }
    if (this.kind[this.pos] !== Tok.ReplClose) this.fail();
    this.leaf("}");
    this.finish("FormatReplacement", m);
  }
}
