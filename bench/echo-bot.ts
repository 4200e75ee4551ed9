import { Appservice, MemoryStorageProvider, type IAppserviceRegistration } from "matrix-bot-sdk";

export interface EchoBotOptions {
  port: number;
  homeserverUrl: string;
  homeserverName: string;
  registration: IAppserviceRegistration;
}

/**
 * The floor for command replies: a matrix-bot-sdk appservice with no storage of its own that joins
 * when invited and answers every message with a reply, as Plenum answers a command.
 */
export async function startEchoBot(options: EchoBotOptions): Promise<{ userId: string; stop(): void }> {
  const appservice = new Appservice({
    port: options.port,
    bindAddress: "127.0.0.1",
    homeserverName: options.homeserverName,
    homeserverUrl: options.homeserverUrl,
    registration: options.registration,
    storage: new MemoryStorageProvider(),
  });
  const userId = appservice.botUserId;
  appservice.on("room.invite", (roomId: string, event: { state_key?: string }) => {
    if (event.state_key === userId) void appservice.botIntent.joinRoom(roomId);
  });
  appservice.on(
    "room.message",
    (roomId: string, event: { sender?: string; event_id?: string; content?: { body?: unknown } }) => {
      if (event.sender === userId) return;
      void appservice.botClient.sendMessage(roomId, {
        msgtype: "m.notice",
        body: String(event.content?.body ?? ""),
        "m.relates_to": { "m.in_reply_to": { event_id: event.event_id } },
      });
    },
  );
  await appservice.begin();
  return { userId, stop: () => appservice.stop() };
}
