import type { CliIo } from './cli-io.js'

export const USAGE = `amicus — command line for Amicus

  amicus verify <campaign-url | log-bundle-url | bundle.json> [--key VKEY] [--checkpoint FILE]... [--state DIR] [--receipt R]
      Downloads (or reads) a campaign's whole log, recomputes every Merkle root, checks every
      checkpoint signature and their consistency, and prints the count. Exit 1 on any mismatch.
      --key pins the log's public key (as printed on the campaign's verifier page); without it the log is
      only checked against the key it names itself. --checkpoint adds checkpoint notes archived
      elsewhere (a delivered letter); --state remembers the newest verified checkpoint per log and
      checks the next run against it.
  amicus export <slug> [--out FILE]        sealed statements of a campaign (server side; reads DATA_DIR)
  amicus decrypt --key FILE <export.json> [--out FILE] [--format names|action-network] [--passphrase-file FILE]
                                            opens an export offline; CSV of signers who agreed to share their name
                                            (names), or an Action Network supporter list of those who asked for updates
  amicus import-signers <slug> <supporters.csv>
                                            invites a supporter list (Action Network columns) to confirm their signature
  amicus keygen [--out FILE]               a new organiser key pair: public key printed, private key written
  amicus deliver <slug> [--names names.csv] [--reason TEXT]
                                            send the petition with its verified count and checkpoint to every recipient
                                            now; --names adds the consenting names from \`amicus decrypt\` output
  amicus respond <slug> --target ID --date YYYY-MM-DD --summary TEXT [--link URL]
                                            record a policymaker's response (published; opted-in supporters get an update)
  amicus deliveries <slug>                 delivery status per recipient, with the reason where nothing was sent
  amicus digest                            send the waiting letter digests now
  amicus targets import|export|list, amicus postcodes import   the policymaker directory (see --help of each)
  amicus organisation show|create|update|logo   the organisation profile and logo supporters see (see amicus organisation)
  amicus create-admin --email EMAIL --name NAME      the first admin (then more accounts in the workspace or here)
  amicus create-user --email EMAIL --name NAME --role organiser|moderator|admin
  amicus disable-user --email EMAIL        lock an account out now: sessions, sign-in links, API keys
  amicus enable-user --email EMAIL         let it ask for a sign-in link again
  amicus legal-hold <slug> --until YYYY-MM-DD --reason TEXT | --clear
                                            keep signer data past its purge date (archive too) until the date
  amicus backup --out FILE                 a consistent online backup of the SQLite database
  amicus epoch                             publish queued log entries now
  amicus maintenance                       run retention (expiry, closing, purges) now
`

/** Prints the usage text to stderr; returns the usage exit code, 2. */
export const printUsage = (io: CliIo): number => {
  io.err(USAGE)
  return 2
}
