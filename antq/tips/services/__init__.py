"""The writes of tips, one module per sub-domain: `entry` (a tip entered by staff or through
the portal, its corrections and its deletion), `workflow` (the steps with the legal clock),
`messages` (with the reporter), `identities` (readings of an identity or a file, and their
re-encryption after a key rotation); `common` holds what they share. Their reads are in
antq.tips.selectors."""
