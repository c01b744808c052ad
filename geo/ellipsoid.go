package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// WGS84 ellipsoid.
const (
	wgs84A = 6378137.0
	wgs84F = 1 / 298.257223563
	wgs84B = wgs84A * (1 - wgs84F)
)

var (
	wgs84E2 = wgs84F * (2 - wgs84F)
	wgs84E  = math.Sqrt(wgs84E2)
	// qp is q(90°), the authalic q at the pole.
	qp = authalicQ(1)
	// authalicR2 is the squared radius of the sphere with the ellipsoid's area.
	authalicR2 = wgs84A * wgs84A * qp / 2
)

// authalicQ is q(φ) of the authalic latitude, given sin φ (Snyder, Map
// Projections: A Working Manual, eq. 3-12).
func authalicQ(sinPhi float64) float64 {
	es := wgs84E * sinPhi
	return (1 - wgs84E2) * (sinPhi/(1-es*es) - math.Log((1-es)/(1+es))/(2*wgs84E))
}

// authalicLat converts a geodetic latitude (radians) to the authalic latitude
// β: the latitude on the sphere of radius sqrt(authalicR2) that bounds the
// same area toward the equator as φ does on the ellipsoid.
func authalicLat(phi float64) float64 {
	s := authalicQ(math.Sin(phi)) / qp
	if s > 1 {
		s = 1
	} else if s < -1 {
		s = -1
	}
	return math.Asin(s)
}

// RingArea returns the area of a closed ring on the WGS84 ellipsoid in square
// metres (always non-negative, whatever the ring's orientation).
//
// Why not a library, and why this method: no Go port of GeographicLib's
// PolygonArea is served by the module proxy this project can reach, and
// golang/geo's s2 works on a sphere. Rather than hand-port Karney's whole
// geodesic series, the ring is mapped to the authalic sphere (equal-area:
// every latitude is replaced by its authalic latitude, and the sphere has the
// ellipsoid's total area), where the area is the exact spherical excess summed
// edge by edge (the pole-edge-triangle formula GeographicLib uses for its
// spherical term). The one approximation is that an edge is taken as a great
// circle on the authalic sphere instead of a geodesic on the ellipsoid; for
// the edges of real boundaries (metres to tens of kilometres) that moves the
// area by far less than 0.01%, which the tests check against PostGIS
// geography ST_Area (GeographicLib) on real polygons.
func RingArea(r orb.Ring) float64 {
	n := len(r)
	if n < 4 {
		return 0
	}
	var sum float64
	lon0 := r[0][0] * math.Pi / 180
	t0 := math.Tan(authalicLat(r[0][1]*math.Pi/180) / 2)
	for i := 1; i < n; i++ {
		lon1 := r[i][0] * math.Pi / 180
		t1 := math.Tan(authalicLat(r[i][1]*math.Pi/180) / 2)
		dl := lon1 - lon0
		for dl > math.Pi {
			dl -= 2 * math.Pi
		}
		for dl < -math.Pi {
			dl += 2 * math.Pi
		}
		// Spherical excess of the triangle (north pole, p0, p1).
		sum += 2 * math.Atan2(math.Tan(dl/2)*(t0+t1), 1+t0*t1)
		lon0, t0 = lon1, t1
	}
	a := math.Abs(sum) * authalicR2
	// A ring enclosing more than half the ellipsoid is read as its complement.
	total := 4 * math.Pi * authalicR2
	if a > total/2 {
		a = total - a
	}
	return a
}

// PolygonArea returns the geodesic area of p in square metres: its shell less
// its holes.
func PolygonArea(p orb.Polygon) float64 {
	if len(p) == 0 {
		return 0
	}
	a := RingArea(p[0])
	for _, h := range p[1:] {
		a -= RingArea(h)
	}
	return a
}

// Area returns the geodesic area of mp on the WGS84 ellipsoid in square
// kilometres. The polygons of mp must not overlap.
func Area(mp orb.MultiPolygon) float64 {
	var a float64
	for _, p := range mp {
		a += PolygonArea(p)
	}
	return a / 1e6
}

// signedRingArea is RingArea with the sign of the ring's orientation
// (positive counter-clockwise), used to sum loops produced by clipping.
func signedRingArea(r orb.Ring) float64 {
	a := RingArea(r)
	if ringSignedArea2(r) < 0 {
		return -a
	}
	return a
}

// Distance returns the geodesic distance in metres between a and b on the
// WGS84 ellipsoid (Vincenty's inverse formula, accurate to well under a
// millimetre for points that are not nearly antipodal; for those it falls
// back to the great-circle distance on the authalic sphere).
func Distance(a, b orb.Point) float64 {
	return vincenty(a[1]*math.Pi/180, a[0]*math.Pi/180, b[1]*math.Pi/180, b[0]*math.Pi/180)
}

func vincenty(phi1, lam1, phi2, lam2 float64) float64 {
	if phi1 == phi2 && lam1 == lam2 {
		return 0
	}
	f := wgs84F
	L := lam2 - lam1
	U1 := math.Atan((1 - f) * math.Tan(phi1))
	U2 := math.Atan((1 - f) * math.Tan(phi2))
	sinU1, cosU1 := math.Sincos(U1)
	sinU2, cosU2 := math.Sincos(U2)
	lam := L
	var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM float64
	for iter := 0; iter < 200; iter++ {
		sinLam, cosLam := math.Sincos(lam)
		t1 := cosU2 * sinLam
		t2 := cosU1*sinU2 - sinU1*cosU2*cosLam
		sinSigma = math.Sqrt(t1*t1 + t2*t2)
		if sinSigma == 0 {
			return 0
		}
		cosSigma = sinU1*sinU2 + cosU1*cosU2*cosLam
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinLam / sinSigma
		cos2Alpha = 1 - sinAlpha*sinAlpha
		if cos2Alpha != 0 {
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		} else {
			cos2SigmaM = 0
		}
		C := f / 16 * cos2Alpha * (4 + f*(4-3*cos2Alpha))
		prev := lam
		lam = L + (1-C)*f*sinAlpha*(sigma+C*sinSigma*(cos2SigmaM+C*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lam-prev) < 1e-12 {
			u2 := cos2Alpha * (wgs84A*wgs84A - wgs84B*wgs84B) / (wgs84B * wgs84B)
			A := 1 + u2/16384*(4096+u2*(-768+u2*(320-175*u2)))
			B := u2 / 1024 * (256 + u2*(-128+u2*(74-47*u2)))
			dSigma := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
				B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
			return wgs84B * A * (sigma - dSigma)
		}
	}
	// Nearly antipodal: no convergence. Great circle on the authalic sphere.
	b1, b2 := authalicLat(phi1), authalicLat(phi2)
	h := math.Sin((b2-b1)/2)*math.Sin((b2-b1)/2) + math.Cos(b1)*math.Cos(b2)*math.Sin(L/2)*math.Sin(L/2)
	return 2 * math.Sqrt(authalicR2) * math.Asin(math.Min(1, math.Sqrt(h)))
}
