/// A callback held by reference, so reading it out of a `Mutex` copies a class reference instead
/// of reabstracting (and writing back) a function value.
final class ObserverBox<Value>: Sendable {
    let notify: @Sendable (Value) -> Void

    init(_ notify: @escaping @Sendable (Value) -> Void) {
        self.notify = notify
    }
}
