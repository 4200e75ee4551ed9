import { listReply, richLine } from "../../bots/commands/rich.js";
import { pageFooter, pageNumber, pageOf } from "../../bots/commands/paging.js";
import { UserError } from "../../core/errors/user-error.js";
import { userPill } from "../../core/text/pills.js";
import { MAX_SHOWN_NAME, shownName } from "../../core/text/shown-name.js";

const HOSTILE = '<b>Boss</b> <a href="javascript:alert(1)">click</a> @room';

describe("formatted messages", () => {
  test("a 64 KB display name is shown cut to 64 characters with an ellipsis", () => {
    const shown = shownName("x".repeat(65_536));
    expect([...shown]).toHaveLength(MAX_SHOWN_NAME);
    expect(shown.endsWith("…")).toBe(true);
  });

  test("line breaks and direction overrides in a name become spaces", () => {
    expect(shownName("Eve\nSYSTEM: all clear\u202egnp.exe")).toBe("Eve SYSTEM: all clear gnp.exe");
  });

  test("a listing escapes titles and names, so markup, javascript: links and @room stay text", () => {
    const item = richLine(
      "en",
      "meeting.info_participants",
      { count: 1, names: HOSTILE },
      { names: userPill("@eve:example.org", shownName(HOSTILE)) },
    );
    const reply = listReply(richLine("en", "meeting.info_title", { title: HOSTILE, id: "K7Q-4MX" }), [
      { items: [item] },
    ]);
    expect(reply.html).not.toMatch(/<b>|<a href="javascript/);
    expect(reply.html).toContain("&lt;b&gt;Boss&lt;/b&gt; &lt;a href=&quot;javascript:alert(1)&quot;&gt;");
    expect(reply.html).toContain('<a href="https://matrix.to/#/%40eve%3Aexample.org">&lt;b&gt;Boss');
    expect(reply.text).toContain(`“${HOSTILE}” (K7Q-4MX)`);
  });

  test("a page number that is not a number is refused before anything is looked up", () => {
    expect(() => pageNumber("two")).toThrow(UserError);
    expect(() => pageNumber("0")).toThrow(UserError);
    expect(pageNumber(undefined)).toBe(1);
  });

  test("a page beyond the list is refused, naming how many pages there are", () => {
    expect(() => pageOf([1, 2, 3], 2, 3)).toThrow(
      expect.objectContaining({ key: "list.page_out_of_range", params: { value: 3, pages: 2 } }),
    );
  });

  test("the footer of a page names the command for the next one, and says nothing for a single page", () => {
    expect(pageFooter("en", 1, 3, "!meet list 2")[0]!.text).toBe("Page 1 of 3. Next page: !meet list 2");
    expect(pageFooter("de", 3, 3, "!meet list 4")[0]!.text).toBe("Seite 3 von 3.");
    expect(pageFooter("en", 1, 1, "!meet list 2")).toEqual([]);
  });
});
