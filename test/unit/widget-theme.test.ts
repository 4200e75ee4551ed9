import { themeClass } from "../../widgets/shared/theme.js";

describe("the widgets follow the theme Element passes in the widget URL", () => {
  test("Element's light, dark and high-contrast themes map to Compound's", () => {
    expect(themeClass("light", true)).toBe("cpd-theme-light");
    expect(themeClass("dark", false)).toBe("cpd-theme-dark");
    expect(themeClass("light-high-contrast", true)).toBe("cpd-theme-light-hc");
    expect(themeClass("dark-high-contrast", false)).toBe("cpd-theme-dark-hc");
  });

  test("a custom theme counts as dark when its name says so", () => {
    expect(themeClass("custom-Nord dark", false)).toBe("cpd-theme-dark");
    expect(themeClass("custom-Paper", true)).toBe("cpd-theme-light");
  });

  test("without a theme the system's preference decides", () => {
    expect(themeClass("", true)).toBe("cpd-theme-dark");
    expect(themeClass("", false)).toBe("cpd-theme-light");
  });
});
