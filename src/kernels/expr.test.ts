import { describe, expect, it } from 'vitest';
import { compileExpr, evaluate, ExprError } from './expr';

describe('expressions', () => {
  it('follows arithmetic precedence and associativity', () => {
    expect(evaluate('2 + 3 * 4', {})).toBe(14);
    expect(evaluate('(2 + 3) * 4', {})).toBe(20);
    expect(evaluate('20 / 2 / 5', {})).toBe(2);
    expect(evaluate('10 - 3 - 2', {})).toBe(5);
    expect(evaluate('2 ** 3 ** 2', {})).toBe(512);
    expect(evaluate('-2 ** 2', {})).toBe(-4);
    expect(evaluate('7 % 4', {})).toBe(3);
    expect(evaluate('1.5e3 + .5', {})).toBe(1500.5);
  });

  it('reads names from the scope and knows its functions', () => {
    const scope = { M: 33, N: 65, K: 17, WG_X: 16 };
    expect(evaluate('ceil(N / WG_X)', scope)).toBe(5);
    expect(evaluate('4 * (M * K + K * N + M * N)', scope)).toBe(4 * (33 * 17 + 17 * 65 + 33 * 65));
    expect(evaluate('min(ceil(N / 2), 10, max(1, 2))', scope)).toBe(2);
    expect(evaluate('clamp(M, 0, 8)', scope)).toBe(8);
    expect(evaluate(42, scope)).toBe(42);
    expect([...compileExpr('ceil(N / WG_X) + M').names].sort()).toEqual(['M', 'N', 'WG_X']);
  });

  it('names the culprit when something is wrong', () => {
    expect(() => evaluate('M * Nx', { M: 1, N: 2 })).toThrow(/unknown name 'Nx'.*known: M, N/);
    expect(() => evaluate('floor(1, 2)', {})).toThrow(/floor\(\) takes 1 arguments, got 2/);
    expect(() => evaluate('sin(1)', {})).toThrow(/unknown function 'sin'/);
    expect(() => evaluate('(1 + 2', {})).toThrow(/expected '\)' at the end/);
    expect(() => evaluate('1 + + ', {})).toThrow(ExprError);
    expect(() => evaluate('2 $ 3', {})).toThrow(/unexpected character '\$'/);
    expect(() => evaluate('1 / 0', {})).toThrow(/not a finite number/);
    expect(() => evaluate('', {})).toThrow(/empty/);
    expect(() => evaluate('toString', {})).toThrow(/unknown name 'toString'/);
  });

  it("says 'unknown function' for the names every JavaScript object has", () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', '__defineGetter__']) {
      expect(() => evaluate(`${name}(1)`, {})).toThrow(ExprError);
      expect(() => evaluate(`${name}(1)`, {})).toThrow(new RegExp(`unknown function '${name}'`));
    }
  });
});
