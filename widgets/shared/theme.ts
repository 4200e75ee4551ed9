export type ThemeClass = "cpd-theme-light" | "cpd-theme-dark" | "cpd-theme-light-hc" | "cpd-theme-dark-hc";

/**
 * Element's theme name (its `theme` setting: "light", "dark", "light-high-contrast", a custom theme's
 * name) as one of Compound's four; without one, the system's preference decides.
 */
export function themeClass(theme: string, prefersDark: boolean): ThemeClass {
  const dark = theme ? /dark/i.test(theme) : prefersDark;
  const contrast = /high-contrast/i.test(theme) ? "-hc" : "";
  return `cpd-theme-${dark ? "dark" : "light"}${contrast}`;
}
