/// The contract's generated enums and the domain's share their raw values; this is the one place one becomes the
/// other. `EnumConversionTests` converts every case of every pair, so the failure below is a programming error the
/// tests catch, never something a client can reach.
extension RawRepresentable where RawValue == String {
    func converted<Other: RawRepresentable>(_ type: Other.Type = Other.self) -> Other where Other.RawValue == String {
        guard let other = Other(rawValue: rawValue) else {
            preconditionFailure("\(Other.self) has no case \(rawValue) of \(Self.self)")
        }
        return other
    }
}
