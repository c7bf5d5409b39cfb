import { clsx, type ClassValue } from 'clsx';

/** Class names, conditionally joined (clsx). Variants are written so they never need merging. */
export const cn = (...values: ClassValue[]): string => clsx(values);
