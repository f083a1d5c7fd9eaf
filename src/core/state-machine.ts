/**
 * Explicit transition tables. A repository updates with `WHERE status = :from`, so an
 * illegal or racing transition changes zero rows; these tables say which moves exist.
 */
export type TransitionTable<S extends string, E extends string> = Readonly<
  Record<E, { readonly from: readonly S[]; readonly to: S }>
>

export const transition = <S extends string, E extends string>(
  table: TransitionTable<S, E>,
  from: S,
  event: E,
): S | undefined => {
  const rule = table[event]
  return rule.from.includes(from) ? rule.to : undefined
}
