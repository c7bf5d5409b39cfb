import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labelColourHues, labelColours, labelHueOf } from '@/shared/label-colours';

// Every colour a workspace may give a label must be readable in both themes: the chip's text against the chip's
// background, as app/globals.css paints them, at WCAG AA for normal text (4.5:1). Read from the stylesheet itself,
// so a change of the CSS is checked too.
const css = readFileSync('app/globals.css', 'utf8');
const sl = (block: RegExpMatchArray | null, property: string) => {
  const match = block?.[1]?.match(new RegExp(`${property}: hsl\\(var\\(--hue\\) (\\d+)% (\\d+)%\\)`));
  if (!match) throw new Error(`no ${property} in the label chip's CSS`);
  return [Number(match[1]) / 100, Number(match[2]) / 100] as const;
};
const light = css.match(/\.label-chip,\s*\.avatar\s*\{([^}]*)\}/);
const dark = css.match(
  /\.label-chip:where\(\[data-theme='dark'\] \*\),\s*\.avatar:where\(\[data-theme='dark'\] \*\)\s*\{([^}]*)\}/,
);
const themes = {
  light: { background: sl(light, 'background'), text: sl(light, 'color') },
  dark: { background: sl(dark, 'background'), text: sl(dark, 'color') },
};

function rgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)];
}
function luminance([r, g, b]: [number, number, number]): number {
  const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
function contrast(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('label colour palette', () => {
  it('every colour is readable (WCAG AA, 4.5:1) in the light and the dark theme', () => {
    const ratios: Record<string, number> = {};
    for (const colour of labelColours)
      for (const [theme, { background, text }] of Object.entries(themes)) {
        const hue = labelColourHues[colour];
        ratios[`${colour}/${theme}`] = contrast(rgb(hue, ...background), rgb(hue, ...text));
      }
    const failing = Object.entries(ratios).filter(([, ratio]) => ratio < 4.5);
    expect(failing).toEqual([]);
    expect(Object.keys(ratios)).toHaveLength(labelColours.length * 2);
  });

  it('the contrast check itself tells black on white from grey on grey', () => {
    expect(contrast(rgb(0, 0, 0), rgb(0, 0, 1))).toBeCloseTo(21, 5);
    expect(contrast(rgb(0, 0, 0.5), rgb(0, 0, 0.6))).toBeLessThan(4.5);
  });

  it('every hue has its CSS rule, and a label without a colour keeps the hue its name always had', () => {
    for (const hue of Object.values(labelColourHues)) expect(css).toContain(`[data-hue='${hue}']`);
    // The hash of the hue-per-name chips before colours existed (src/ui/components/badge.tsx): unchanged.
    expect(labelHueOf('bug')).toBe(labelHueOf('BUG'));
    expect(labelHueOf('bug', 'pink')).toBe(320);
    expect(['bug', 'web', 'marketing', 'ops'].map((name) => labelHueOf(name))).toEqual(
      ['bug', 'web', 'marketing', 'ops'].map((name) => {
        let hash = 0;
        for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
        return [0, 25, 45, 90, 140, 165, 190, 210, 235, 265, 290, 320][hash % 12];
      }),
    );
  });
});
