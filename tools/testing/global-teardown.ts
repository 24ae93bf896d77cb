/** Stops what global-setup started (nothing, when the servers were given by the environment). */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __kontorTestInfraStops?: (() => Promise<void>)[] };
  const stops = holder.__kontorTestInfraStops ?? [];
  holder.__kontorTestInfraStops = [];
  for (const stop of stops.reverse()) await stop();
}
