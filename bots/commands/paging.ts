import { UserError } from "../../core/errors/user-error.js";
import type { Locale } from "../../core/i18n/translate.js";
import { escapeHtml } from "../../core/text/html.js";
import { richLine, type RichLine } from "./rich.js";

/** The page a command asks for ("1" when none is given); anything else is refused before any work. */
export function pageNumber(typed: string | undefined): number {
  if (typed === undefined) return 1;
  const page = /^\d{1,5}$/.test(typed) ? Number(typed) : 0;
  if (page < 1) throw new UserError("list.invalid_page", { value: typed.slice(0, 40) });
  return page;
}

/** How many pages `total` entries fill; a page beyond them is refused, naming how many there are. */
export function pageCount(total: number, size: number, page: number): number {
  const pages = Math.max(1, Math.ceil(total / size));
  if (page > pages) throw new UserError("list.page_out_of_range", { value: page, pages });
  return pages;
}

/** The entries of one page of a list held in memory. */
export function pageOf<T>(entries: T[], size: number, page: number): { entries: T[]; pages: number } {
  const pages = pageCount(entries.length, size, page);
  return { entries: entries.slice((page - 1) * size, page * size), pages };
}

/** "Page 1 of 3. Next: !meet list 2", or nothing when everything fits on one page. */
export function pageFooter(locale: Locale, page: number, pages: number, next: string): RichLine[] {
  if (pages === 1) return [];
  if (page === pages) return [richLine(locale, "list.page", { page, pages })];
  return [
    richLine(locale, "list.page_more", { page, pages, next }, { next: `<code>${escapeHtml(next)}</code>` }),
  ];
}
