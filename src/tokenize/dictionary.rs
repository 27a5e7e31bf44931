//! The IPADIC system dictionary, built from its source by `build.rs` and embedded in the
//! binary. Loading it takes well under a millisecond: the bytes are already in memory.
#![allow(missing_docs)]

lindera_dictionary::embedded_dictionary!("/ipadic", EmbeddedIpadicLoader);
