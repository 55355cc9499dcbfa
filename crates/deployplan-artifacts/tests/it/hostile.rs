//! Hostile strings (in progress).
