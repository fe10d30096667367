namespace Products.Api.Infrastructure.Demo;

/// <summary>A rectangle of the plane that holds a shape: only its pixels are painted.</summary>
public readonly record struct Bounds(float Left, float Top, float Right, float Bottom)
{
    public Bounds Union(Bounds other) =>
        new(Math.Min(Left, other.Left), Math.Min(Top, other.Top), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));

    public Bounds Intersect(Bounds other) =>
        new(Math.Max(Left, other.Left), Math.Max(Top, other.Top), Math.Min(Right, other.Right), Math.Min(Bottom, other.Bottom));

    public Bounds Inflate(float by) => new(Left - by, Top - by, Right + by, Bottom + by);
}

/// <summary>
/// A region of the plane told by its signed distance, in pixels: negative inside, positive outside. The distance at a
/// pixel's centre says how much of the pixel the shape covers, which smooths every edge; shapes combine by taking the
/// nearer (union) or the farther (intersection, difference) of their distances.
/// </summary>
public sealed class Shape(Func<float, float, float> distance, Bounds bounds)
{
    public Bounds Bounds { get; } = bounds;

    public float Distance(float x, float y) => distance(x, y);

    public static Shape Circle(float centreX, float centreY, float radius) =>
        new((x, y) => Length(x - centreX, y - centreY) - radius,
            new(centreX - radius, centreY - radius, centreX + radius, centreY + radius));

    /// <summary>An approximate distance (exact on the edge, which is what coverage needs).</summary>
    public static Shape Ellipse(float centreX, float centreY, float radiusX, float radiusY) =>
        new((x, y) =>
        {
            var (px, py) = (x - centreX, y - centreY);
            var scaled = Length(px / radiusX, py / radiusY);
            var gradient = Length(px / (radiusX * radiusX), py / (radiusY * radiusY));
            return gradient == 0 ? -Math.Min(radiusX, radiusY) : scaled * (scaled - 1) / gradient;
        }, new(centreX - radiusX, centreY - radiusY, centreX + radiusX, centreY + radiusY));

    /// <summary>A rectangle from its edges, its corners rounded by <paramref name="radius"/>.</summary>
    public static Shape Box(float left, float top, float right, float bottom, float radius = 0)
    {
        var (centreX, centreY) = ((left + right) / 2, (top + bottom) / 2);
        var (halfWidth, halfHeight) = ((right - left) / 2 - radius, (bottom - top) / 2 - radius);
        return new((x, y) =>
        {
            var qx = Math.Abs(x - centreX) - halfWidth;
            var qy = Math.Abs(y - centreY) - halfHeight;
            return Length(Math.Max(qx, 0), Math.Max(qy, 0)) + Math.Min(Math.Max(qx, qy), 0) - radius;
        }, new(left, top, right, bottom));
    }

    /// <summary>A line from one point to another, <paramref name="thickness"/> wide, with round ends.</summary>
    public static Shape Line(float fromX, float fromY, float toX, float toY, float thickness)
    {
        var (ex, ey) = (toX - fromX, toY - fromY);
        var lengthSquared = ex * ex + ey * ey;
        return new((x, y) =>
        {
            var (wx, wy) = (x - fromX, y - fromY);
            var along = Math.Clamp((wx * ex + wy * ey) / lengthSquared, 0, 1);
            return Length(wx - ex * along, wy - ey * along) - thickness / 2;
        }, new Bounds(Math.Min(fromX, toX), Math.Min(fromY, toY), Math.Max(fromX, toX), Math.Max(fromY, toY)).Inflate(thickness / 2));
    }

    /// <summary>
    /// A polygon from its corners, in either order: the distance to its nearest edge, negative where a ray from the
    /// point crosses its edges an odd number of times.
    /// </summary>
    public static Shape Polygon(params (float X, float Y)[] corners)
    {
        var bounds = new Bounds(corners.Min(c => c.X), corners.Min(c => c.Y), corners.Max(c => c.X), corners.Max(c => c.Y));
        return new((x, y) =>
        {
            var nearest = float.MaxValue;
            var inside = false;
            for (int i = 0, j = corners.Length - 1; i < corners.Length; j = i++)
            {
                var (ax, ay) = corners[i];
                var (bx, by) = corners[j];
                var (ex, ey) = (bx - ax, by - ay);
                var (wx, wy) = (x - ax, y - ay);
                var along = Math.Clamp((wx * ex + wy * ey) / (ex * ex + ey * ey), 0, 1);
                nearest = Math.Min(nearest, Length(wx - ex * along, wy - ey * along));
                if ((ay > y) != (by > y) && x < ax + (y - ay) * ex / ey)
                {
                    inside = !inside;
                }
            }

            return inside ? -nearest : nearest;
        }, bounds);
    }

    public Shape Union(Shape other) => new((x, y) => Math.Min(Distance(x, y), other.Distance(x, y)), Bounds.Union(other.Bounds));

    public Shape Intersect(Shape other) => new((x, y) => Math.Max(Distance(x, y), other.Distance(x, y)), Bounds.Intersect(other.Bounds));

    public Shape Minus(Shape other) => new((x, y) => Math.Max(Distance(x, y), -other.Distance(x, y)), Bounds);

    /// <summary>The shape made larger by <paramref name="by"/> on every side, its corners rounded by as much.</summary>
    public Shape Grow(float by) => new((x, y) => Distance(x, y) - by, Bounds.Inflate(by));

    /// <summary>The shape's outline, <paramref name="thickness"/> wide, centred on its edge.</summary>
    public Shape Outline(float thickness) => new((x, y) => Math.Abs(Distance(x, y)) - thickness / 2, Bounds.Inflate(thickness / 2));

    public Shape Move(float dx, float dy) =>
        new((x, y) => Distance(x - dx, y - dy), new(Bounds.Left + dx, Bounds.Top + dy, Bounds.Right + dx, Bounds.Bottom + dy));

    /// <summary>Turned clockwise (on screen, y down) by <paramref name="degrees"/> about a point.</summary>
    public Shape Rotate(float degrees, float aboutX, float aboutY)
    {
        var (sin, cos) = MathF.SinCos(degrees * MathF.PI / 180);
        (float X, float Y) Turn(float x, float y, float s) =>
            (aboutX + (x - aboutX) * cos - (y - aboutY) * s, aboutY + (x - aboutX) * s + (y - aboutY) * cos);

        (float X, float Y)[] corners =
        [
            Turn(Bounds.Left, Bounds.Top, sin), Turn(Bounds.Right, Bounds.Top, sin),
            Turn(Bounds.Left, Bounds.Bottom, sin), Turn(Bounds.Right, Bounds.Bottom, sin),
        ];
        var turned = new Bounds(corners.Min(c => c.X), corners.Min(c => c.Y), corners.Max(c => c.X), corners.Max(c => c.Y));
        return new((x, y) =>
        {
            var (backX, backY) = Turn(x, y, -sin);
            return Distance(backX, backY);
        }, turned);
    }

    private static float Length(float x, float y) => MathF.Sqrt(x * x + y * y);
}
