/** The json module bench/cold-start.ts gives bench/support/cold-start-worker.ts in its workerd config. */
declare module 'cold-config.json' {
  const config: { warm: boolean };
  export default config;
}
