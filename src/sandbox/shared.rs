//! A sandbox's state, shared by its handlers behind one lock.

use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A vendor sandbox's store, read and written by its handlers.
pub struct Shared<S> {
    store: RwLock<S>,
}

impl<S> Shared<S> {
    pub fn new(store: S) -> Self {
        Shared {
            store: RwLock::new(store),
        }
    }

    // A panic while a lock is held is answered as a 500 by the panic layer; the data
    // is still whole because handlers check before they write, so poisoning is not a
    // reason to stop serving.
    pub fn read(&self) -> RwLockReadGuard<'_, S> {
        self.store.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, S> {
        self.store.write().unwrap_or_else(PoisonError::into_inner)
    }
}
