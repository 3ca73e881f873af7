"""Online learning (在线学习): the province's own courses, studied on a phone, hours credited
from study time the server measured itself (heartbeats), never from what a page claims."""
