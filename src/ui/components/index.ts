// Tika's UI primitives (docs/ui.md): import them from '@/ui/components'.
export { Avatar, initials } from './avatar';
export { Badge, LabelChip, LabelColoursContext, labelHue, type Tone } from './badge';
export { Button, buttonClass, type ButtonSize, type ButtonVariant } from './button';
export { cn } from './cn';
export { Dialog } from './dialog';
export { EmptyState, ErrorMessage, Loading, OneTimeSecret, Spinner } from './feedback';
export { Checkbox, Field, Input, Select, Textarea, inputClass } from './field';
export { count, formatDate, relativeTime } from './format';
export { Kbd } from './kbd';
export { Page, PageHeader, Section } from './layout';
export { Menu, MenuItem, MenuLabel, MenuLink, MenuSeparator } from './menu';
export { Popover } from './popover';
export { Table, Td, Th } from './table';
export { ThemeToggle, applyTheme } from './theme';
export { THEME_COOKIE, parseTheme, themes, type Theme } from './theme-value';
