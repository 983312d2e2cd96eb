#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc) || canImport(Musl)
/// glibc's `pthread_getattr_np`, which the Glibc module does not export (it is a `_GNU_SOURCE` declaration).
@_silgen_name("pthread_getattr_np")
private func jsonata_pthread_getattr_np(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif

/// How much of the current thread's stack is left, so that deep recursion in an expression fails with U1001
/// (JSONata's "Stack overflow error") instead of crashing, whatever the thread's stack size (the cooperative
/// pool's threads have small stacks).
enum JSONataStackGuard {
    /// Bytes kept free below the deepest evaluation: room for built-ins that recurse over values, formatting
    /// and the runtime itself.
    static let reserve: UInt = 160 * 1024

    /// The lowest address the current thread's stack may grow to, or nil when the platform does not say.
    static func stackLimit() -> UInt? {
        #if canImport(Glibc) || canImport(Musl)
        var attributes = pthread_attr_t()
        guard jsonata_pthread_getattr_np(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &base, &size) == 0, let base else { return nil }
        return UInt(bitPattern: base)
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        return top - UInt(pthread_get_stacksize_np(pthread_self()))
        #else
        return nil
        #endif
    }

    /// An address in the caller's frame.
    @inline(never)
    static func currentAddress() -> UInt {
        var marker = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
