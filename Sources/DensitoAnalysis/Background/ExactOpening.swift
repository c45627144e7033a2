/// Placeholder, replaced below.
enum ExactOpening {
  static func ball(_ plane: FloatPlane, radius: Double) -> FloatPlane { plane }
  static func paraboloid(_ plane: FloatPlane, radius: Double) -> FloatPlane { plane }
}
