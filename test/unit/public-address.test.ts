import { isPublicAddress, publicOnlyLookup } from "../../core/http/public-address.js";

describe("which addresses Plenum contacts on behalf of other homeservers", () => {
  test.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fd00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "not-an-address",
  ])("%s is internal and refused", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  test.each(["8.8.8.8", "172.32.0.1", "193.99.144.80", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8"])(
    "%s is public",
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  test("a name that resolves to loopback is refused at connection time", async () => {
    const outcome = await new Promise<unknown>((resolve) =>
      publicOnlyLookup("localhost", { all: true }, (error, address) => resolve(error ?? address)),
    );
    expect(outcome).toMatchObject({ name: "InternalAddressError", hostname: "localhost" });
  });
});
