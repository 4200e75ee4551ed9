import { roomLanguagesRepository } from "../../core/storage/room-languages.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

describe.each(databaseKinds())("room languages on %s", (kind) => {
  const db = freshDatabasePerTest(kind);

  test("a room without a language of its own has none", async () => {
    expect(await roomLanguagesRepository(db()).get("!team:example.org")).toBeUndefined();
  });

  test("a room's language is kept, and set again it is replaced", async () => {
    const languages = roomLanguagesRepository(db());
    await languages.set("!team:example.org", "de", "@mod:example.org", 1);
    expect(await languages.get("!team:example.org")).toBe("de");
    await languages.set("!team:example.org", "en", "@mod:example.org", 2);
    expect(await languages.get("!team:example.org")).toBe("en");
    expect(await languages.get("!other:example.org")).toBeUndefined();
  });

  test("a cleared room language falls back to none", async () => {
    const languages = roomLanguagesRepository(db());
    await languages.set("!team:example.org", "de", "@mod:example.org", 1);
    await languages.clear("!team:example.org");
    expect(await languages.get("!team:example.org")).toBeUndefined();
  });
});
