"""One colour-blind-safe palette (Okabe & Ito) and one name per role, for matplotlib and bqplot.

The same thing is drawn in the same colour in every lecture: the function is blue, the moving
descent path is vermillion, starts are black and minima are green.
"""

BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"

FUNCTION = BLUE
PATH = VERMILLION
START = BLACK
MINIMUM = GREEN
TANGENT = ORANGE
CONTOUR_MAP = "viridis"

# For drawing several runs side by side (learning-rate regimes, batch sizes, ...).
SERIES = (BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY_BLUE, BLACK)
