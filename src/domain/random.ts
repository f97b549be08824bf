/** The only source of randomness the domain sees; the service passes crypto, tests pass a seeded one. */
export interface Random {
  bytes(count: number): Uint8Array
}
