// The colours a workspace may give a label: named, from a fixed palette, so every one is readable in both themes.
// Each name stands for a hue; app/globals.css turns a hue into a chip (light: pale background, dark text; dark: the
// reverse), and tests/unit/label-colours.test.ts checks every one of them against WCAG AA (4.5:1) in both themes.
// Pure and import-free: the database check, the API schema and the browser share it.
export const labelColourHues = {
  red: 0,
  orange: 25,
  amber: 45,
  lime: 90,
  green: 140,
  teal: 165,
  cyan: 190,
  sky: 210,
  blue: 235,
  violet: 265,
  purple: 290,
  pink: 320,
} as const;

export type LabelColour = keyof typeof labelColourHues;
export const labelColours = Object.keys(labelColourHues) as [LabelColour, ...LabelColour[]];

/** The hue a label shows: its workspace colour when one is set, else a stable hue picked from its name. */
export function labelHueOf(name: string, colour?: LabelColour | null): number {
  if (colour) return labelColourHues[colour];
  let hash = 0;
  for (const char of name.toLowerCase()) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  const hues = Object.values(labelColourHues);
  return hues[hash % hues.length]!;
}

/** Labels are one per name whatever the case ("Bug" and "bug" share a colour): the key a colour is kept under. */
export const labelKey = (name: string) => name.trim().toLowerCase();
