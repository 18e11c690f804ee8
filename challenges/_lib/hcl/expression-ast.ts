import type { Value } from './values.ts';

/** One step after a reference or any term: `.name`, `[key]`, or a splat (`[*]`, `.*`). */
export type Step =
  | { readonly kind: 'attr'; readonly name: string }
  | { readonly kind: 'index'; readonly key: Expression }
  | { readonly kind: 'splat' };

/** The subset of HCL expressions the grader evaluates; anything else parses to `unsupported`. */
export type Expression =
  | { readonly kind: 'literal'; readonly value: Value }
  | { readonly kind: 'template'; readonly parts: readonly (string | Expression)[] }
  | { readonly kind: 'reference'; readonly root: string; readonly steps: readonly Step[] }
  | { readonly kind: 'chain'; readonly base: Expression; readonly steps: readonly Step[] }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Expression[];
      readonly expand: boolean;
    }
  | { readonly kind: 'tuple'; readonly items: readonly Expression[] }
  | { readonly kind: 'object'; readonly entries: readonly { key: Expression; value: Expression }[] }
  | {
      readonly kind: 'conditional';
      readonly test: Expression;
      readonly then: Expression;
      readonly else: Expression;
    }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'unary'; readonly op: '!' | '-'; readonly operand: Expression }
  | {
      readonly kind: 'for';
      readonly result: 'tuple' | 'object';
      readonly keyName: string | undefined;
      readonly valueName: string;
      readonly collection: Expression;
      readonly keyExpr: Expression | undefined;
      readonly valueExpr: Expression;
      readonly condition: Expression | undefined;
      readonly group: boolean;
    }
  | { readonly kind: 'unsupported'; readonly why: string };
