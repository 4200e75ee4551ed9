import type { CouncilPodiumRequest, CouncilView, RoomMembersResponse } from "../../core/widgets/api-types.js";
import type { Booted } from "../shared/boot.js";
import { h, replace } from "../shared/dom.js";

/** The podium controls for the room's moderators: podium mode on or off, its members added and removed. */
export class PodiumPanel {
  readonly element = h("section", { class: "council-part", "aria-labelledby": "podium-title" });
  private members: RoomMembersResponse["members"] | undefined;
  private shown = "";

  constructor(
    private readonly booted: Booted,
    private readonly change: (request: CouncilPodiumRequest) => Promise<void>,
  ) {}

  async show(view: CouncilView): Promise<void> {
    this.element.hidden = !view.may_moderate;
    if (!view.may_moderate) return;
    this.members ??= await this.booted.api
      .request<RoomMembersResponse>(
        "GET",
        `/api/v1/rooms/${encodeURIComponent(this.booted.params.roomId)}/members`,
      )
      .then((answer) => answer.members)
      .catch(() => []);
    const key = JSON.stringify(view.podium);
    if (key === this.shown) return;
    this.shown = key;
    this.render(view.podium);
  }

  private name(userId: string): string {
    return this.members?.find((m) => m.user_id === userId)?.display_name ?? userId;
  }

  private render(podium: CouncilView["podium"]): void {
    const { t } = this.booted;
    const focused = document.activeElement?.id;
    const toggle = h(
      "button",
      { type: "button", id: "podium-mode", class: "toggle", "aria-pressed": String(podium.enabled) },
      t("council.podium_mode"),
    );
    toggle.addEventListener("click", () => void this.change({ enabled: !podium.enabled }));
    const list = podium.members.map((userId) => {
      const remove = h(
        "button",
        {
          type: "button",
          class: "small",
          id: `podium-remove-${userId}`,
          "aria-label": t("council.podium_remove", { user: this.name(userId) }),
        },
        t("council.remove"),
      );
      remove.addEventListener("click", () => void this.change({ remove: [userId] }));
      return h("li", {}, h("span", {}, this.name(userId)), remove);
    });
    const candidates = (this.members ?? []).filter((m) => !podium.members.includes(m.user_id));
    const select = h(
      "select",
      { id: "podium-candidate" },
      candidates.map((m) => h("option", { value: m.user_id }, m.display_name ?? m.user_id)),
    );
    const add = h("button", { type: "button", id: "podium-add", class: "small" }, t("council.podium_add"));
    add.addEventListener("click", () => {
      if (select.value) void this.change({ add: [select.value] });
    });
    replace(
      this.element,
      h("h2", { id: "podium-title" }, t("council.podium_title")),
      h("div", { class: "council-row" }, toggle, h("span", { class: "hint" }, t("council.podium_hint"))),
      list.length > 0
        ? h("ul", { class: "podium-members", "aria-label": t("council.podium_members") }, list)
        : h("p", { class: "hint" }, t("council.podium_empty")),
      candidates.length > 0
        ? h(
            "div",
            { class: "council-row" },
            h("label", { for: "podium-candidate" }, t("council.podium_add_label")),
            select,
            add,
          )
        : null,
    );
    if (focused) document.getElementById(focused)?.focus();
  }
}
