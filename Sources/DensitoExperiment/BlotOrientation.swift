import DensitoAnalysis
import DensitoRaster

/// Blots whose lanes run across the scan (`orientation: horizontal` in the experiment file,
/// or `auto` deciding so): the decoded scan is transposed before anything else, so lanes run
/// down the image the analysis sees, and the pictures show that transposed image.
///
/// The blot's `region` is given in the scan's own coordinates and transposed with it; lane
/// positions (`x`, `lane_centers`, `lane_extents`) and band rows (`y`, `top`, `bottom`) are
/// in the transposed frame: a lane's `x` is a row of the scan and a band's `y` a column. The
/// run, the pictures and the sensitivity runs all go through ``oriented(_:spec:parameters:)``,
/// so they see the same image. `auto` uses ``decideLaneOrientation(of:in:)``, whose rule and
/// known failures are in `Docs/lanes.md`.
public enum BlotOrientation {
  /// The scan and spec as analysed, and the decision when the lanes were taken as horizontal
  /// (nil: vertical, nothing changed). `spec.region` must lie inside `image`.
  public static func oriented(_ image: GrayImage, spec: BlotSpec, parameters: AnalysisParameters)
    -> (image: GrayImage, spec: BlotSpec, decision: OrientationDecision?)
  {
    guard let decision = decision(for: image, region: spec.region, parameters: parameters) else {
      return (image, spec, nil)
    }
    var turned = spec
    turned.region = spec.region.map { PixelRegion(x: $0.y, y: $0.x, width: $0.height, height: $0.width) }
    return (image.transposed(), turned, decision)
  }

  /// nil for vertical lanes (the default), else the decision to transpose.
  static func decision(for image: GrayImage, region: PixelRegion?, parameters: AnalysisParameters)
    -> OrientationDecision?
  {
    switch parameters.orientation {
    case "horizontal":
      return OrientationDecision(orientation: .horizontal, automatic: false, gradientRatio: nil)
    case "auto":
      let rect = region.map { PixelRect(x: $0.x, y: $0.y, width: $0.width, height: $0.height) }
      let decided = decideLaneOrientation(of: image, in: rect)
      return decided.orientation == .horizontal ? decided : nil
    default:
      return nil
    }
  }
}
