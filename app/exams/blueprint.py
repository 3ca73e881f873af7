"""The exams blueprint, shared by the page modules (views, admin_views, take_views, api)."""
from flask import Blueprint

bp = Blueprint("exams", __name__, url_prefix="/exams")
