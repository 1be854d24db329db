"""Synthetic UK-style people for the identity-matching benchmark. Entirely fictional; never real people.

    python bench/ukgen.py --out bench/out/uk-1 --seed 1 [--register 20000] [--queries 4000]

Writes three CSV files:

* ``register.csv``: a local authority's register of people in households (parents and children, some twins),
  with names drawn with a Zipf skew from many origins, postcodes with real unit/sector/district/area structure
  (fictional units), NHS numbers (valid check digit) from the synthetic 9xx range for most people.
* ``queries.csv``: descriptions as a referrer types them: known people with real-world errors, people who are
  not on the register, and hard negatives (unseen twins, unregistered siblings, namesakes).
* ``truth.csv``: ``query_id,register_id,hazard,errors`` (register_id blank when the person is not on the register).

Columns of register.csv and queries.csv: ``record_id,given_name,family_name,date_of_birth,sex,postcode,
address_line,nhs_number`` (ISO dates; a year alone for an estimated date; blanks for missing values).

The error model and this file's variant tables were written separately from the engine's nickname table, so that
the benchmark does not simply grade the engine against its own knowledge.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import string
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

# ------------------------------------------------------------------------------------------- names by origin


def _names(text: str) -> list[str]:
    return text.split()


# Each origin: (share of households, male given, female given, family names), most common first.

BRITISH_CHILD_M = _names(
    """
Oliver George Harry Noah Jack Leo Arthur Muhammad Oscar Charlie Jacob Thomas Henry William Freddie Alfie Theo
Archie Joshua James Isaac Lucas Alexander Max Ethan Logan Mason Teddy Finley Joseph Samuel Daniel Sebastian
Tommy Adam Reggie Edward Dylan Harrison Riley Toby Albie Jaxon Louie Ronnie Jayden Harley Elijah Kai Luca Rory
Ellis Jenson Hunter Frankie Bobby Zachary Stanley Callum Kian Tyler Liam Connor Jake Lewis Ryan Kyle Reece
Bradley Brandon Owen Ben Luke Nathan Aaron Ewan Cameron Declan Jamie Caleb Felix Jude Hugo Arlo Otis Ezra Rowan
Blake Cody Corey Tyrese Kayden Keaton Lennon Maddox Brody Ashton Morgan Jackson Carter Leon Dexter Elliot
Spencer Sonny Billy Austin
"""
)
BRITISH_CHILD_F = _names(
    """
Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Willow Freya Florence Emily Ella Poppy Evie
Elsie Charlotte Evelyn Sienna Sofia Daisy Phoebe Sophie Alice Harper Matilda Ruby Emilia Maya Millie Isabelle
Eva Chloe Jessica Erin Holly Megan Lucy Hannah Abigail Ellie Scarlett Lola Layla Imogen Esme Darcie Maisie Bella
Zara Niamh Caitlin Leah Amber Paige Courtney Shannon Chelsea Jade Bethany Kayleigh Demi Tia Keira Libby Summer
Nevaeh Aria Luna Hallie Orla Thea Ada Mila Harriet Violet Penelope Nancy Bonnie Aurora Eliza Heidi Lacey Macie
Skye Jasmine Tilly Brooke Faith Hope Tegan Kacey Lexi Molly Aimee Georgia Katie Lauren Rebecca Amy Zoe
"""
)
BRITISH_ADULT_M = _names(
    """
David John Paul Andrew Mark James Michael Richard Christopher Daniel Stephen Robert Peter Matthew Thomas Simon
Ian Gary Steven Darren Jason Lee Craig Anthony Neil Martin Kevin Stuart Wayne Jonathan Carl Dean Scott Adam
Nicholas Benjamin Philip Graham Shaun Colin Russell Alan Keith Barry Ryan Jamie Gareth Luke Sean Kieran Ashley
Ricky Liam Nathan Mohammed Joseph William Samuel Jack Edward Alexander Timothy Gavin Trevor Terry Kenneth Dennis
Brian Roy Leslie Raymond Glen Jeremy Karl Marcus Tony Derek Nigel Clive Malcolm Grant Dale Jordan Kyle Aaron
"""
)
BRITISH_ADULT_F = _names(
    """
Sarah Claire Emma Nicola Lisa Helen Rachel Karen Joanne Louise Michelle Laura Julie Amanda Kelly Rebecca
Samantha Victoria Jennifer Elizabeth Caroline Susan Donna Tracey Natalie Gemma Hayley Stacey Charlotte Kirsty
Catherine Jessica Lucy Katie Amy Hannah Sophie Zoe Leanne Danielle Kerry Jodie Jade Kimberley Vicky Melanie
Sharon Deborah Alison Angela Anne Dawn Jacqueline Lorraine Tanya Carly Emily Rachael Siobhan Katherine Kathryn
Jane Heather Fiona Gillian Joanna Beverley Wendy Marie Sally Diane Lindsey Abigail Becky Sian Chloe Megan Holly
Toni Jemma
"""
)
BRITISH_FAMILY = _names(
    """
Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker
White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris Moore
Clark King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths
Mitchell Cook Carter Richardson Bailey Collins Bell Shaw Cox Richards Marshall Anderson Simpson Ellis Adams
Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Matthews Owen Palmer Holmes Mills Barnes Knight
Lloyd Butler Russell Barker Fisher Stevens Jenkins Dixon Harvey Graham Pearson Fletcher Gibson Howard Andrews
Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Dawson
Ball Burton Watts Rose Booth Perry Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster
Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter
Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke Bates Henderson Parry Burgess
Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Sutton Yates Hodgson
Robson Curtis Hopkins Harper Coleman Watkins Moss Chambers Griffin Sharp Hardy Wheeler Potter Osborne Johnston
Gordon Wallace Jordan Hutchinson Ashworth Sykes Greenwood Haigh Brook Priestley Hirst Crossley Lockwood Firth
Binns Illingworth Sugden Holroyd Ackroyd Pickles Midgley Tattersall Ramsden Broadbent Dyson Hainsworth Bottomley
Smith-Jones Bowes-Lyon Fox-Wright Hughes-Davies Armitage Pollard Marsden Whiteley Moorhouse Taylor-Brown
Featherstone Appleyard Wadsworth Duckworth Butterworth Stansfield Horsfall Barraclough
"""
)

IRISH_M = _names(
    """
Sean Patrick Conor Ciaran Darragh Cian Oisin Eoin Padraig Niall Declan Rory Aidan Fionn Tadhg Cillian Ronan
Shane Brendan Kevin
"""
)
IRISH_F = _names(
    """
Aoife Niamh Siobhan Ciara Roisin Saoirse Caoimhe Orla Aisling Grainne Sinead Clodagh Eimear Mairead Nuala
Deirdre Ailbhe Fiadh
"""
)
IRISH_FAMILY = _names(
    """
Murphy Kelly OBrien Byrne Ryan OConnor ONeill Walsh McCarthy Doyle Gallagher Quinn Kennedy Lynch Murray
McLaughlin Brennan Fitzgerald Daly Sullivan Reilly Flanagan Donnelly McGrath
"""
)

POLISH_M = _names(
    """
Jakub Jan Szymon Filip Kacper Antoni Franciszek Mikolaj Wojciech Adam Piotr Krzysztof Tomasz Pawel Michal Marcin
Lukasz Mateusz Dawid Bartosz Grzegorz Marek Andrzej Kamil Rafal Sebastian Damian Patryk Oskar Aleksander
"""
)
POLISH_F = _names(
    """
Zuzanna Julia Zofia Hanna Maja Lena Alicja Oliwia Amelia Natalia Aleksandra Katarzyna Agnieszka Malgorzata Anna
Magdalena Joanna Ewa Monika Karolina Justyna Marta Dominika Paulina Weronika Wiktoria Kinga Iwona
"""
)
POLISH_FAMILY = _names(
    """
Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski Szymanski Wozniak Dabrowski Kozlowski
Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski Pawlowski Michalski Nowicki Adamczyk Dudek
Zajac Wieczorek Jablonski Krol Majewski Olszewski Jaworski Wrobel Malinowski Pawlak Witkowski Walczak Stepien
Gorski Rutkowski Michalak
"""
)

ROMANIAN_M = _names(
    """
Andrei Alexandru Ionut Stefan Mihai Florin Gabriel Cristian Adrian Bogdan Marian Ion Gheorghe Vasile Constantin
Daniel Razvan Ciprian Catalin Sorin
"""
)
ROMANIAN_F = _names(
    """
Maria Elena Ioana Andreea Mihaela Ana Cristina Gabriela Alexandra Daniela Florentina Georgiana Roxana Bianca
Alina Simona Larisa Denisa Raluca Diana
"""
)
ROMANIAN_FAMILY = _names(
    """
Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu Constantin Florea Dinu
Lungu Moldovan Serban Marin Tudor Barbu Nistor Oprea
"""
)

LITHUANIAN_M = _names(
    "Lukas Jonas Matas Dominykas Mantas Tomas Darius Paulius Andrius Rokas Karolis Mindaugas Vytautas"
)
LITHUANIAN_F = _names("Emilija Austeja Ugne Gabija Kamile Ieva Greta Egle Ruta Jurgita Laura Vaida Indre")
LITHUANIAN_FAMILY = _names(
    """
Kazlauskas Jankauskas Petrauskas Stankevicius Vasiliauskas Zukauskas Butkus Paulauskas Urbonas Kavaliauskas
Baranauskas Navickas
"""
)

PAKISTANI_M = _names(
    """
Muhammad Mohammed Ali Ahmed Hamza Zain Ibrahim Yusuf Bilal Usman Imran Tariq Adil Faisal Asif Kashif Shahid
Zubair Hassan Hussain Umar Abdullah Ayaan Rayyan Haris Zakariya Musa Idris Sufyan Waleed Arslan Junaid Naveed
Nadeem Khalid Rashid Sajid Wasim Zahid Amir Saqib Rizwan Farhan Danyal Haider Aqib Shoaib Owais Raheel
"""
)
PAKISTANI_F = _names(
    """
Aisha Maryam Fatima Zainab Hafsa Amina Khadija Iqra Sana Noor Ayesha Mehwish Saima Nadia Shazia Rubina Nasreen
Samina Farzana Shabana Sadia Hira Anum Mariam Inaya Eman Hania Zara Aleena Anaya Safa Marwa Rabia Sobia Uzma
Tahira Kiran Bushra Asma Sidra Humaira Aliya Amna Laiba Mahnoor
"""
)
PAKISTANI_FAMILY = _names(
    """
Khan Hussain Ahmed Ali Akhtar Iqbal Mahmood Shah Bibi Begum Rashid Hussein Aslam Mohammed Malik Butt Riaz Sadiq
Qureshi Bashir Anwar Younis Rafiq Sharif Javed Ashraf Nawaz Saleem Hanif Latif Arshad Zaman Raza Mirza Chaudhry
Rehman Siddique Shafiq Yousaf Jabbar Aziz
"""
)

BANGLADESHI_M = _names(
    """
Mohammed Abdul Rahman Ahmed Mizanur Shahid Jamal Rahim Habib Sohel Nazrul Faruk Anwar Rashid Shafiqur Aminul
Tanvir Rayhan Ayaan Zayn Ismail Yahya Hamza Musa Ibrahim Sami Rafi Adnan Shakil
"""
)
BANGLADESHI_F = _names(
    """
Fatema Nasima Shirin Rokeya Shahana Rahima Jesmin Taslima Hasina Rumana Sumaiya Tahmina Nusrat Sadia Ruksana
Ayesha Anisa Jannat Maryam Safiya Umme Farhana Lipi Mitu Salma
"""
)
BANGLADESHI_FAMILY = _names(
    """
Begum Miah Uddin Rahman Islam Ali Ahmed Khatun Hoque Chowdhury Hussain Alam Khan Ullah Karim Haque Sarkar Bibi
Akter Sultana
"""
)

INDIAN_M = _names(
    """
Arjun Aarav Rohan Raj Vikram Sanjay Amit Rajesh Sunil Deepak Anil Harpreet Gurpreet Jaspreet Manpreet Sukhdeep
Ravi Krishna Dev Kiran Nikhil Jay Sahil Aryan Ishaan Vihaan Reyansh Kabir Veer Rahul
"""
)
INDIAN_F = _names(
    """
Priya Anjali Pooja Neha Sunita Kavita Rekha Asha Meena Harjit Manjit Simran Gurleen Jasleen Navdeep Divya Shreya
Riya Ananya Aanya Diya Saanvi Isha Tara Kiran Nisha Seema Anita Lakshmi Parveen
"""
)
INDIAN_FAMILY = _names(
    """
Patel Singh Kaur Sharma Kumar Shah Gill Sandhu Sidhu Dhillon Mistry Parmar Chauhan Gupta Joshi Mehta Desai Lal
Rai Sohal Bains Virdi Atwal Grewal Mann Thakkar
"""
)

SOMALI_M = _names(
    """
Mohamed Abdi Abdullahi Ahmed Hassan Ali Omar Ibrahim Yusuf Abdirahman Abdirizak Mustafa Said Farah Hussein
Ismail Mahad Liban Guled Hamza
"""
)
SOMALI_F = _names(
    """
Fadumo Hodan Amina Asha Halima Hawa Khadra Sahra Ayaan Ifrah Nimco Sagal Hibo Ladan Deeqa Faiza Muna Hamdi Ikran
Idil
"""
)
SOMALI_FAMILY = _names(
    """
Mohamed Ali Hassan Ahmed Abdi Omar Farah Yusuf Ibrahim Hussein Warsame Jama Osman Aden Nur Egal Dahir Mohamud
Abdullahi Hersi
"""
)

NIGERIAN_M = _names(
    """
Oluwaseun David Chinedu Emeka Tunde Femi Segun Adebayo Olumide Babatunde Chukwuemeka Ikenna Obinna Ifeanyi
Kelechi Tobi Daniel Samuel Joshua Ayodele Olamide Oluwatobi Chidi Uche Nnamdi Kayode Damilare Victor Emmanuel
Precious
"""
)
NIGERIAN_F = _names(
    """
Blessing Chioma Ngozi Funmilayo Adaeze Temitope Folasade Abimbola Oluwakemi Yetunde Ifeoma Amaka Chiamaka
Ebunoluwa Favour Precious Grace Esther Deborah Mercy Joy Gift Tolulope Oluwadamilola Adenike Bukola Chidinma
Nneka Ogechi Titilayo
"""
)
NIGERIAN_FAMILY = _names(
    """
Okafor Adeyemi Okonkwo Adebayo Olaniyan Okeke Eze Nwosu Ogunleye Balogun Oyelaran Adeleke Ibrahim Bello Abubakar
Okoro Nwachukwu Akinola Ogunbiyi Chukwu Obi Onyeka Afolabi Oladipo Ajayi
"""
)
GHANAIAN_M = _names("Kwame Kofi Kwabena Kwaku Yaw Kwasi Kojo Nana Emmanuel Isaac Prince Ebenezer")
GHANAIAN_F = _names("Akosua Abena Ama Adwoa Yaa Afia Akua Efua Nana Comfort Gifty Patience")
GHANAIAN_FAMILY = _names(
    "Mensah Owusu Boateng Asante Osei Appiah Agyeman Amoah Ansah Darko Acheampong Frimpong Opoku Adjei Sarpong"
)

CARIBBEAN_FAMILY = _names(
    """
Campbell Brown Williams Thomas Johnson Francis Henry Clarke Grant Reid Morgan Bailey Forbes McKenzie Samuels
Gayle Pinnock Hylton Gordon Edwards
"""
)
CHINESE_M = _names("Wei Jun Hao Ming Jian Lei Tao Yang Chen Kai Hui Bo Jie Long Peng Ethan Jason Kevin")
CHINESE_F = _names("Mei Li Ying Xin Hui Yan Jing Fang Lan Xiao Ting Na Qing Amy Grace Jenny Lily")
CHINESE_FAMILY = _names(
    """
Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He Gao Luo Wong Chan Cheung Lau Ng Leung
Ho
"""
)
ARAB_M = _names(
    """
Mohammed Ahmed Omar Khaled Youssef Ali Hassan Ibrahim Abdullah Mahmoud Mustafa Karim Tariq Nabil Samir Hamza
Bilal Zaid Adam Yahya
"""
)
ARAB_F = _names(
    """
Fatima Aisha Mariam Nour Layla Sara Huda Rania Salma Hana Yasmin Reem Lina Dina Amal Zainab Maryam Jana Malak
Rahaf
"""
)
ARAB_FAMILY = _names(
    """
Al-Hassan Al-Sayed Haddad Khalil Mansour Nasser Saleh Hamdan Abdallah Darwish Al-Rashid Shalabi Aziz Hamoud Al-
Amin Ismail Yousef Kassem Farouk Habib
"""
)
KURDISH_M = _names("Azad Rebin Hiwa Karwan Shwan Dilshad Sherwan Aram Baran Rawand Mehmet Mustafa Emre Murat Hasan")
KURDISH_F = _names("Shilan Nazdar Avin Rojin Dilan Berivan Hana Zeynep Elif Ayse Esra Merve")
KURDISH_FAMILY = _names(
    "Ahmadi Karimi Rasul Mahmoud Hussein Aziz Yilmaz Kaya Demir Sahin Celik Yildiz Ozturk Aydin Arslan"
)
AFGHAN_M = _names(
    """
Ahmad Mohammad Abdul Zabihullah Habibullah Rahmatullah Ahmadullah Samiullah Farid Jawad Naveed Sohrab Mustafa
Rahim
"""
)
AFGHAN_F = _names("Fatima Zahra Maryam Parisa Farzana Nargis Shabnam Mursal Nazanin Laila Hila Mahsa")
AFGHAN_FAMILY = _names("Ahmadzai Popal Hakimi Rahimi Noori Sultani Stanikzai Amiri Safi Wardak Hashimi Karimi")
ERITREAN_M = _names("Yonas Samuel Daniel Filmon Mussie Biniam Henok Robel Senai Teklu Mehari")
ERITREAN_F = _names("Helen Selam Senait Yordanos Rahel Saba Luwam Hanna Mekdes Ruth Winta")
ERITREAN_FAMILY = _names(
    "Tesfaye Haile Gebremedhin Tekle Berhane Kidane Ghebreyesus Mehari Woldu Tesfamariam Habte Yohannes"
)
PORTUGUESE_M = _names("Joao Tiago Diogo Rodrigo Pedro Miguel Rafael Goncalo Francisco Bruno Ricardo Andre")
PORTUGUESE_F = _names("Maria Ana Beatriz Mariana Ines Leonor Matilde Sofia Catarina Carolina Joana Rita")
PORTUGUESE_FAMILY = _names(
    "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Fernandes Goncalves Gomes Lopes Marques"
)


# Long tails. Real registers hold thousands of distinct family names (Smith is about 1.3% of people, the top 100
# cover about a quarter) and many rare or invented first names; short hand-written lists alone would make every
# name common. Compound British-style family names and modern invented first names supply the tail.
SURNAME_PREFIXES = _names(
    """Ash Brad Hol Whit Mar Blen Cart Fen Hart Lang Pen Thorn Wood Brook Bar Crom Eld Farn Gold Ked Lind Mid Ock
    Pick Ram Shep Stan Wil Hay Kirk Nor Sut Wal Bur Cal Dal Gar Hal Lam Mel Pres Rad Sand Tad Up Wen Yar Ack Bell
    Cran Dun Ever Fair Green Hamp Ing Lock Mor Nut Pad Roth Sel Tip Ux Vern Wark Bick Chad Dart Em Frod Glen"""
)
SURNAME_SUFFIXES = _names(
    """ley ton worth ford field by wood ham well stone more shaw den land thorpe wick combe hurst bury dale croft
    holme bridge brook cliffe gate hall house man son ridge lock bourne stead ington ell ock in ard"""
)
GIVEN_STARTS = _names("Ka Ja Bra Ma Ry Le Ty Ze Ar Ea Ro Ni Mi Lo Ha Bro Ca Da Fe Gra Ja Ke Ko Ll Ra Sa Ta Va Xa Za")
GIVEN_ENDS_M = _names("den son lan ton ron ias ler ric vin rick dyn gan lor nox ston")
GIVEN_ENDS_F = _names("ley lyn ra na sha rie la nie lia ya lee rae nia belle sia")


@dataclass(frozen=True)
class Origin:
    name: str
    share: float
    male: list[str]
    female: list[str]
    family: list[str]
    default_dob_rate: float = 0.0  # share of people recorded with 1 January as a placeholder date of birth


ORIGINS = [
    Origin("british", 0.66, BRITISH_CHILD_M + BRITISH_ADULT_M, BRITISH_CHILD_F + BRITISH_ADULT_F, BRITISH_FAMILY),
    Origin("irish", 0.02, IRISH_M + BRITISH_CHILD_M[:20], IRISH_F + BRITISH_CHILD_F[:20], IRISH_FAMILY),
    Origin("polish", 0.04, POLISH_M, POLISH_F, POLISH_FAMILY),
    Origin("romanian", 0.025, ROMANIAN_M, ROMANIAN_F, ROMANIAN_FAMILY),
    Origin("lithuanian", 0.01, LITHUANIAN_M, LITHUANIAN_F, LITHUANIAN_FAMILY),
    Origin("pakistani", 0.07, PAKISTANI_M, PAKISTANI_F, PAKISTANI_FAMILY, 0.01),
    Origin("bangladeshi", 0.02, BANGLADESHI_M, BANGLADESHI_F, BANGLADESHI_FAMILY, 0.01),
    Origin("indian", 0.03, INDIAN_M, INDIAN_F, INDIAN_FAMILY),
    Origin("somali", 0.012, SOMALI_M, SOMALI_F, SOMALI_FAMILY, 0.06),
    Origin("nigerian", 0.02, NIGERIAN_M, NIGERIAN_F, NIGERIAN_FAMILY),
    Origin("ghanaian", 0.008, GHANAIAN_M, GHANAIAN_F, GHANAIAN_FAMILY),
    Origin("caribbean", 0.015, BRITISH_CHILD_M + BRITISH_ADULT_M, BRITISH_CHILD_F + BRITISH_ADULT_F, CARIBBEAN_FAMILY),
    Origin("chinese", 0.01, CHINESE_M, CHINESE_F, CHINESE_FAMILY),
    Origin("arab", 0.012, ARAB_M, ARAB_F, ARAB_FAMILY, 0.03),
    Origin("kurdish_turkish", 0.008, KURDISH_M, KURDISH_F, KURDISH_FAMILY, 0.03),
    Origin("afghan", 0.006, AFGHAN_M, AFGHAN_F, AFGHAN_FAMILY, 0.15),
    Origin("eritrean", 0.004, ERITREAN_M, ERITREAN_F, ERITREAN_FAMILY, 0.15),
    Origin("portuguese", 0.01, PORTUGUESE_M, PORTUGUESE_F, PORTUGUESE_FAMILY),
]

# ------------------------------------------------------------------- the generator's own variant tables
# Written for the generator: how referrers actually rewrite names. Some of these the engine knows, some not.
GIVEN_VARIANTS = {
    "William": ["Will", "Billy", "Bill", "Liam"], "Robert": ["Rob", "Bobby", "Robbie"], "Thomas": ["Tom", "Tommy"],
    "Joseph": ["Joe", "Joey"], "Samuel": ["Sam", "Sammy"], "Daniel": ["Dan", "Danny"],
    "James": ["Jim", "Jamie", "Jimmy"],
    "Alexander": ["Alex", "Xander"], "Benjamin": ["Ben", "Benji"], "Matthew": ["Matt", "Matty"],
    "Christopher": ["Chris"], "Nicholas": ["Nick", "Nicky"], "Jonathan": ["Jon", "Jonny"], "Michael": ["Mike", "Mikey"],
    "Jacob": ["Jake"], "Anthony": ["Tony", "Ant"], "Edward": ["Eddie", "Ed", "Ted"], "Frederick": ["Freddie", "Fred"],
    "Harrison": ["Harry"], "Oliver": ["Ollie"], "Zachary": ["Zach", "Zack", "Zak"], "Stephen": ["Steve", "Steven"],
    "Andrew": ["Andy"], "Richard": ["Rich", "Richie"], "Nathan": ["Nate"], "Joshua": ["Josh"], "Callum": ["Calum"],
    "Elizabeth": ["Liz", "Beth", "Lizzie"], "Rebecca": ["Becky", "Becca", "Bex"], "Jessica": ["Jess", "Jessie"],
    "Abigail": ["Abbie", "Abby"], "Olivia": ["Liv", "Livvy"], "Isabella": ["Bella", "Izzy"], "Isabelle": ["Izzy"],
    "Charlotte": ["Lottie", "Charlie"], "Samantha": ["Sam", "Sammie"], "Victoria": ["Vicky", "Tori"],
    "Katherine": ["Kate", "Katie", "Kathy"], "Catherine": ["Cathy", "Kate"], "Jennifer": ["Jen", "Jenny"],
    "Amelia": ["Millie", "Amy"], "Eleanor": ["Ellie", "Nell"], "Florence": ["Flo"], "Matilda": ["Tilly", "Tilda"],
    "Margaret": ["Maggie"], "Deborah": ["Debbie"], "Rachel": ["Rach"], "Kimberley": ["Kim"], "Natalie": ["Nat"],
    "Gabriella": ["Gabby"], "Evelyn": ["Evie"], "Sophia": ["Sophie", "Sofia"], "Sofia": ["Sophia"],
    "Muhammad": ["Mohammed", "Mohammad", "Mohamed", "Muhammed", "Mohd"],
    "Mohammed": ["Muhammad", "Mohamed", "Mohammad"],
    "Mohamed": ["Mohammed", "Mohamud", "Muhammad"], "Aisha": ["Ayesha", "Aysha", "Aishah"], "Ayesha": ["Aisha"],
    "Yusuf": ["Yousef", "Yousuf", "Joseph"], "Ibrahim": ["Ebrahim", "Ibraheem"], "Fatima": ["Fatimah", "Fatma"],
    "Fatema": ["Fatima"], "Zainab": ["Zaynab", "Zeinab"], "Khadija": ["Khadijah", "Kadija"],
    "Maryam": ["Mariam", "Miriam"],
    "Omar": ["Umar"], "Umar": ["Omar"], "Usman": ["Osman", "Uthman"], "Abdullah": ["Abdulla"], "Hamza": ["Hamzah"],
    "Ayaan": ["Ayan"], "Zain": ["Zayn", "Zane"], "Layla": ["Leila", "Laila"], "Noor": ["Nur", "Nour"], "Nour": ["Noor"],
    "Yasmin": ["Yasmine", "Jasmine"], "Hussain": ["Hussein", "Husain"], "Hassan": ["Hasan"], "Ahmed": ["Ahmad"],
    "Ahmad": ["Ahmed"], "Mustafa": ["Mostafa", "Moustafa"], "Abdirahman": ["Abdi"], "Abdullahi": ["Abdi"],
    "Jakub": ["Jacob", "Kuba"], "Piotr": ["Peter"], "Krzysztof": ["Chris"], "Tomasz": ["Tom", "Tomek"],
    "Mateusz": ["Matthew"], "Katarzyna": ["Kasia", "Kate"], "Aleksandra": ["Ola", "Alex"], "Malgorzata": ["Gosia"],
    "Wojciech": ["Wojtek"], "Mikolaj": ["Nicholas"], "Zuzanna": ["Zuza"], "Gheorghe": ["George"], "Ionut": ["John"],
    "Oluwaseun": ["Seun"], "Oluwatobi": ["Tobi"], "Babatunde": ["Tunde"], "Chukwuemeka": ["Emeka"],
    "Oluwafemi": ["Femi"],
    "Olumide": ["Mide"], "Temitope": ["Tope"], "Abimbola": ["Bimbo"], "Folasade": ["Sade"], "Oluwakemi": ["Kemi"],
    "Oluwadamilola": ["Dami", "Damilola"], "Titilayo": ["Titi"], "Adebayo": ["Bayo"], "Niamh": ["Neve"],
    "Siobhan": ["Shivaun"], "Sean": ["Shaun", "Shawn"], "Ciara": ["Kiara"], "Caoimhe": ["Keeva"], "Rhys": ["Reece"],
    "Reece": ["Rhys"], "Jayden": ["Jaden", "Jaiden"], "Kayden": ["Kaden", "Caden"], "Kai": ["Ky"],
    "Darcie": ["Darcy", "Darci"], "Leah": ["Lea"], "Isla": ["Islay"], "Mia": ["Mya"], "Maya": ["Maia"],
    "Zoe": ["Zoey"], "Chloe": ["Khloe"], "Lily": ["Lilly"], "Freya": ["Freja"], "Aaliyah": ["Aliyah"],
}  # fmt: skip
FAMILY_VARIANTS = {
    "Hussain": ["Hussein", "Husain"], "Hussein": ["Hussain"], "Chowdhury": ["Choudhury", "Chaudhry"],
    "Chaudhry": ["Chowdhury", "Choudhry"], "Mohammed": ["Muhammad", "Mohamed"], "Mohamed": ["Mohammed", "Mohamud"],
    "Rahman": ["Rehman"], "Rehman": ["Rahman"], "Ahmed": ["Ahmad"], "Nowak": ["Novak"], "Mahmood": ["Mahmud"],
    "Begum": ["Begam"], "Siddique": ["Siddiqui"], "Qureshi": ["Kureshi"], "Mohamud": ["Mohamed"], "Wong": ["Wang"],
    "Lee": ["Li"], "Li": ["Lee"], "Chen": ["Chan"], "Zhang": ["Cheung"], "Yousef": ["Yusuf"],
    "Al-Hassan": ["Alhassan", "Hassan"],
    "Al-Sayed": ["El-Sayed", "Alsayed"], "Al-Rashid": ["Alrashid"], "Al-Amin": ["Alamin"], "Abdallah": ["Abdullah"],
    "Smith": ["Smyth"], "Thompson": ["Thomson"], "Clarke": ["Clark"], "Clark": ["Clarke"], "Reid": ["Reed"],
    "Gray": ["Grey"], "Davies": ["Davis"], "Matthews": ["Mathews"], "Phillips": ["Philips"],
    "OBrien": ["O'Brien", "O Brien"],
    "ONeill": ["O'Neill", "O'Neil"], "OConnor": ["O'Connor"], "McCarthy": ["MacCarthy"], "McLaughlin": ["MacLaughlin"],
    "Stankevicius": ["Stankevicious"],
}  # fmt: skip

# -------------------------------------------------------------------------------------------- geography
LOCAL_AREAS = [("LS", 29, 0.55), ("BD", 24, 0.25), ("WF", 17, 0.08), ("HX", 7, 0.04), ("HD", 9, 0.03)]
ELSEWHERE = _names("M B L S NE E N SE SW CF NG LE BS SO G EH DN HU YO")
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
STREET_FIRST = _names(
    """
Oak Ash Elm Beech Birch Willow Cedar Holly Rowan Maple Church Mill Station Victoria Albert Queen King Park Green
Meadow Valley Hill Moor Bank Spring Brook Field Grange Manor Abbey Chapel School Market Bridge Castle Priory
Orchard Woodland Hawthorn Primrose Heather Clover Cherry Laburnum Sycamore Poplar Chestnut Larch Alder Belmont
Clarendon Cavendish Stanley Windsor Hamilton Wellington Nelson Gladstone Cromwell Kirkstall Headingley Harehills
Beeston Chapeltown Armley Bramley Horsforth Roundhay Seacroft Halton Gipton Hunslet Holbeck Burley Manningham
Girlington Thornbury Eccleshill Idle Shipley Bingley Keighley Heaton Frizinghall Undercliffe
"""
)
STREET_TYPES = _names(
    "Road Street Lane Avenue Close Crescent Grove Terrace Way Drive Court Gardens Place View Mount Walk Rise Square"
)
STREET_ABBREVIATIONS = {"Road": "Rd", "Street": "St", "Lane": "Ln", "Avenue": "Ave", "Close": "Cl", "Crescent": "Cres",
                        "Terrace": "Terr", "Drive": "Dr", "Court": "Ct", "Gardens": "Gdns", "Place": "Pl",
                        "Square": "Sq"}  # fmt: skip


def zipf_weights(n: int, s: float) -> list[float]:
    return [1.0 / (rank + 1) ** s for rank in range(n)]


@dataclass
class Person:
    pid: str
    given: str
    family: str
    dob: date
    sex: str
    postcode: str
    address: str
    nhs: str
    origin: str
    household: int
    dob_placeholder: bool = False
    other_given: list[str] = field(default_factory=list)


class World:
    def __init__(
        self,
        seed: int,
        *,
        query_nhs_rate: float = 0.6,
        local_moves: float = 0.6,
        typo_anywhere: bool = False,
        scale: float = 1.0,
    ) -> None:
        self.rng = random.Random(seed)
        self.scale = scale  # postcode units grow with the register, keeping about 15 households per unit
        self.query_nhs_rate = query_nhs_rate
        self.local_moves = local_moves
        self.typo_anywhere = typo_anywhere
        self.nhs_seen: set[str] = set()
        self.units = self._make_units()
        self.unit_weights = [w for _, _, w in self.units]
        self.unit_cum = list(itertools.accumulate(self.unit_weights))
        self.units_elsewhere = self._make_elsewhere_units()
        self.origin_weights = [o.share for o in ORIGINS]
        self.origin_cum = list(itertools.accumulate(self.origin_weights))
        self.name_weights: dict[int, list[float]] = {}
        self.household_count = 0
        self.person_count = 0

    # -- geography
    def _make_units(self) -> list[tuple[str, list[str], float]]:
        units = []
        for area, districts, share in LOCAL_AREAS:
            for district in range(1, districts + 1):
                for sector in range(0, 10):
                    if self.rng.random() < 0.35:
                        continue
                    for _ in range(round(self.rng.randint(4, 12) * self.scale)):
                        unit = (
                            f"{area}{district} {sector}{self.rng.choice(UNIT_LETTERS)}{self.rng.choice(UNIT_LETTERS)}"
                        )
                        streets = [self._street() for _ in range(self.rng.choice((1, 1, 1, 2)))]
                        units.append((unit, streets, share / districts))
        return units

    def _make_elsewhere_units(self) -> list[tuple[str, list[str]]]:
        units = []
        for _ in range(3000):
            area = self.rng.choice(ELSEWHERE)
            letters = self.rng.choice(UNIT_LETTERS) + self.rng.choice(UNIT_LETTERS)
            unit = f"{area}{self.rng.randint(1, 30)} {self.rng.randint(0, 9)}{letters}"
            units.append((unit, [self._street()]))
        return units

    def _street(self) -> str:
        return f"{self.rng.choice(STREET_FIRST)} {self.rng.choice(STREET_TYPES)}"

    def address(self, *, elsewhere: bool = False, near: str | None = None) -> tuple[str, str]:
        rng = self.rng
        if elsewhere:
            unit, streets = rng.choice(self.units_elsewhere)
        elif near is not None:
            district = near.split(" ")[0]
            same = [u for u in self.units if u[0].split(" ")[0] == district and u[0] != near]
            unit, streets, _ = rng.choice(same) if same else rng.choices(self.units, cum_weights=self.unit_cum)[0]
        else:
            unit, streets, _ = rng.choices(self.units, cum_weights=self.unit_cum)[0]
        street = rng.choice(streets)
        if rng.random() < 0.15:
            return unit, f"Flat {rng.randint(1, 24)}, {rng.randint(1, 60)} {street}"
        return unit, f"{rng.randint(1, 180)} {street}"

    # -- people
    def nhs(self) -> str:
        import nhs_number

        # nhs_number.generate draws from the unseeded global random module; build synthetic-range (9xx, never
        # issued) numbers from our own generator instead, so the output depends only on --seed.
        while True:
            body = f"9{self.rng.randrange(10**8):08d}"
            check = nhs_number.calculate_checksum(body)
            if check is None or check == 10:
                continue
            candidate = f"{body}{check}"
            if candidate not in self.nhs_seen and nhs_number.is_valid(candidate):
                self.nhs_seen.add(candidate)
                return candidate

    def pick(self, names: list[str], s: float = 1.0) -> str:
        weights = self.name_weights.get(id(names))
        if weights is None:
            weights = self.name_weights[id(names)] = list(itertools.accumulate(zipf_weights(len(names), s)))
        return self.rng.choices(names, cum_weights=weights)[0]

    def origin(self) -> Origin:
        return self.rng.choices(ORIGINS, cum_weights=self.origin_cum)[0]

    def given_name(self, origin: Origin, sex: str, *, child: bool, avoid: set[str] = frozenset()) -> str:  # type: ignore[assignment]
        """A first name; siblings' names (``avoid``) are never reused, nor a form of them (same first three letters
        or a listed variant): parents do not call twins Ion and Ionut, or Thomas and Tommy."""
        taken = {a[:3].lower() for a in avoid} | {v[:3].lower() for a in avoid for v in GIVEN_VARIANTS.get(a, [])}

        def free(name: str) -> bool:
            return name not in avoid and name[:3].lower() not in taken

        if origin.name in ("british", "caribbean", "irish") and self.rng.random() < (0.3 if child else 0.1):
            for _ in range(20):
                ends = GIVEN_ENDS_M if sex == "M" else GIVEN_ENDS_F
                name = self.rng.choice(GIVEN_STARTS) + self.pick(ends, 0.5)
                if free(name):
                    return name
        if origin.name in ("british", "caribbean"):
            pool = (
                (BRITISH_CHILD_M if child else BRITISH_ADULT_M)
                if sex == "M"
                else (BRITISH_CHILD_F if child else BRITISH_ADULT_F)
            )
        else:
            pool = origin.male if sex == "M" else origin.female
        for _ in range(50):
            name = self.pick(pool, 0.6)
            if free(name):
                return name
        return self.rng.choice([n for n in pool if n not in avoid] or pool)

    def family_name(self, origin: Origin) -> str:
        if origin.name in ("british", "caribbean", "irish") and self.rng.random() < 0.7:
            return self.pick(SURNAME_PREFIXES, 0.5) + self.pick(SURNAME_SUFFIXES, 0.5)
        return self.pick(origin.family, 0.75)

    def dob(self, start: int, end: int, origin: Origin) -> tuple[date, bool]:
        year = self.rng.randint(start, end)
        if self.rng.random() < origin.default_dob_rate:
            return date(year, 1, 1), True
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365)), False

    def new_pid(self, prefix: str = "R") -> str:
        self.person_count += 1
        return f"{prefix}{self.person_count:06d}"

    def household(self) -> list[Person]:
        """One household: one or two adults and their children, at one address."""
        rng = self.rng
        self.household_count += 1
        hid = self.household_count
        origin = self.origin()
        unit, line = self.address()
        adults: list[Person] = []
        mother_family = self.family_name(origin)
        father_origin = origin if rng.random() < 0.9 else self.origin()
        father_family = self.family_name(father_origin) if rng.random() < 0.3 else mother_family
        mother_dob, placeholder = self.dob(1968, 2004, origin)
        adults.append(
            Person(
                self.new_pid(),
                self.given_name(origin, "F", child=False),
                mother_family,
                mother_dob,
                "F",
                unit,
                line,
                self.nhs(),
                origin.name,
                hid,
                placeholder,
            )
        )
        two_parents = rng.random() < 0.6
        if two_parents:
            fdob = mother_dob + timedelta(days=rng.randint(-2500, 4000))
            adults.append(
                Person(
                    self.new_pid(),
                    self.given_name(father_origin, "M", child=False),
                    father_family,
                    fdob,
                    "M",
                    unit,
                    line,
                    self.nhs(),
                    father_origin.name,
                    hid,
                )
            )
        if two_parents and father_family != mother_family:
            choice = rng.random()
            child_family = (
                father_family
                if choice < 0.6
                else mother_family
                if choice < 0.85
                else f"{father_family}-{mother_family}"
            )
        else:
            child_family = mother_family if rng.random() < 0.75 else self.family_name(origin)
        children: list[Person] = []
        count = rng.choices([0, 1, 2, 3, 4, 5], weights=[8, 30, 32, 18, 8, 4])[0]
        birth = date(max(mother_dob.year + 18, 2006), 1, 1) + timedelta(days=rng.randrange(730))
        used: set[str] = {a.given for a in adults}
        for _ in range(count):
            if birth > date(2024, 12, 31):
                break
            twins = rng.random() < 0.016  # about 3% of children are twins (1.5% of maternities)
            for _twin in range(2 if twins else 1):
                sex = rng.choice("MF")
                name = self.given_name(origin, sex, child=True, avoid=used)
                used.add(name)
                children.append(
                    Person(self.new_pid(), name, child_family, birth, sex, unit, line, self.nhs(), origin.name, hid)
                )
            birth = birth + timedelta(days=rng.randint(330, 1500))
        return adults + children


# ------------------------------------------------------------------------------------------------ errors


def typo(rng: random.Random, text: str, *, anywhere: bool = False) -> str:
    """One keyboard slip: substitute, delete, insert or transpose a letter."""
    if len(text) < 3:
        return text
    i = rng.randrange(0 if anywhere else 1, len(text))  # by default first letters are more reliable
    kind = rng.random()
    letters = string.ascii_lowercase
    if kind < 0.35:
        ch = rng.choice(letters)
        return text[:i] + (ch.upper() if text[i].isupper() else ch) + text[i + 1 :]
    if kind < 0.6:
        return text[:i] + text[i + 1 :]
    if kind < 0.8:
        return text[:i] + rng.choice(letters) + text[i:]
    if i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i]


def dob_digit_typo(rng: random.Random, d: date) -> date:
    for _ in range(20):
        digits = list(d.strftime("%Y%m%d"))
        position = rng.choice([2, 3, 5, 6, 7])  # century digits are rarely mistyped
        digits[position] = rng.choice([c for c in "0123456789" if c != digits[position]])
        text = "".join(digits)
        try:
            new = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            continue
        if new != d and new.year <= 2025:
            return new
    return d + timedelta(days=1)


def postcode_typo(rng: random.Random, unit: str) -> str:
    outward, inward = unit.split(" ")
    if rng.random() < 0.6:
        return (
            f"{outward} {inward[0]}{rng.choice(UNIT_LETTERS)}{inward[2]}"
            if rng.random() < 0.5
            else f"{outward} {inward[:2]}{rng.choice(UNIT_LETTERS)}"
        )
    return f"{outward} {(int(inward[0]) + rng.choice((1, -1))) % 10}{inward[1:]}"


def format_noise(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.12:
        return text.upper()
    if r < 0.2:
        return text.lower()
    if r < 0.24:
        return f" {text}  "
    return text


@dataclass
class Row:
    record_id: str
    given: str
    family: str
    dob: str
    sex: str
    postcode: str
    address: str
    nhs: str

    def as_list(self) -> list[str]:
        return [self.record_id, self.given, self.family, self.dob, self.sex, self.postcode, self.address, self.nhs]


def register_row(p: Person, rng: random.Random) -> Row:
    return Row(
        p.pid,
        p.given,
        p.family,
        p.dob.isoformat(),
        p.sex if rng.random() > 0.01 else "",
        p.postcode if rng.random() > 0.01 else "",
        p.address,
        p.nhs if rng.random() < 0.9 else "",
    )


def query_row(world: World, qid: str, p: Person) -> tuple[Row, list[str]]:
    """How a referrer describes person ``p``: each real-world error applied independently."""
    rng = world.rng
    errors: list[str] = []
    given, family, dob_text = p.given, p.family, p.dob.isoformat()
    sex, unit, line = p.sex, p.postcode, p.address

    r = rng.random()
    if r < 0.09 and p.given in GIVEN_VARIANTS:
        given = rng.choice(GIVEN_VARIANTS[p.given])
        errors.append("given_variant")
    elif r < 0.19:
        given = typo(rng, given, anywhere=world.typo_anywhere)
        errors.append("given_typo")
    elif r < 0.205:
        given = given[0]
        errors.append("given_initial")

    r = rng.random()
    if r < 0.07:
        family = typo(rng, family, anywhere=world.typo_anywhere)
        errors.append("family_typo")
    elif r < 0.10 and p.family in FAMILY_VARIANTS:
        family = rng.choice(FAMILY_VARIANTS[p.family])
        errors.append("family_variant")
    elif r < 0.125:
        if "-" in family:
            family = rng.choice(family.split("-"))
        else:
            family = (
                f"{family}-{world.family_name(world.origin())}"
                if rng.random() < 0.5
                else f"{world.family_name(world.origin())}-{family}"
            )
        errors.append("family_hyphenated")
    elif r < 0.145:
        family = world.family_name(world.origin())
        errors.append("family_changed")

    if rng.random() < 0.025:
        given, family = family, given
        errors.append("names_swapped")

    r = rng.random()
    d = p.dob
    if r < 0.05 and d.day <= 12 and d.day != d.month:
        dob_text = date(d.year, d.day, d.month).isoformat()
        errors.append("dob_swapped")
    elif r < 0.10:
        dob_text = dob_digit_typo(rng, d).isoformat()
        errors.append("dob_digit")
    elif r < 0.135:
        age_error = rng.choice((0, 0, 0, 1, -1))
        dob_text = str(d.year + age_error)
        errors.append("dob_estimated")
    elif r < 0.15:
        dob_text = ""
        errors.append("dob_missing")

    r = rng.random()
    if r < 0.17:
        if rng.random() < world.local_moves:
            unit, line = world.address(near=p.postcode)
        else:
            unit, line = world.address(elsewhere=rng.random() < 0.3)
        errors.append("moved")
    elif r < 0.22:
        unit = postcode_typo(rng, unit)
        errors.append("postcode_typo")
    elif r < 0.26:
        unit = ""
        errors.append("postcode_missing")
    if rng.random() < 0.06:
        line = ""
        errors.append("address_missing")
    elif line and rng.random() < 0.3:
        for full, short in STREET_ABBREVIATIONS.items():
            line = line.replace(full, short)
        line = line.replace(",", "")

    r = rng.random()
    if r < 0.05:
        sex = ""
    elif r < 0.055:
        sex = "M" if sex == "F" else "F"
        errors.append("sex_wrong")

    nhs = p.nhs if rng.random() < world.query_nhs_rate else ""
    if not nhs:
        errors.append("nhs_missing")
    if rng.random() < 0.03 and unit:
        unit = unit.replace(" ", "")
    return (
        Row(qid, format_noise(rng, given), format_noise(rng, family), dob_text, sex, unit, line, nhs),
        errors,
    )


def generate(
    seed: int, register_size: int, query_count: int, **error_model: Any
) -> tuple[list[Row], list[Row], list[list[str]]]:
    world = World(seed, scale=max(1.0, register_size / 20_000), **error_model)
    rng = world.rng
    people: list[Person] = []
    households: list[list[Person]] = []
    while len(people) < register_size:
        members = world.household()
        households.append(members)
        people.extend(members)
    people = people[:register_size]
    on_register = {p.pid for p in people}
    households = [[p for p in h if p.pid in on_register] for h in households]
    households = [h for h in households if h]

    queries: list[Row] = []
    truth: list[list[str]] = []

    def add_query(person: Person, register_id: str, hazard: str) -> None:
        qid = f"Q{len(queries) + 1:06d}"
        row, errors = query_row(world, qid, person)
        queries.append(row)
        truth.append([qid, register_id, hazard, ";".join(errors)])

    n_twins = max(200, query_count * 55 // 1000)
    n_siblings = query_count * 5 // 100
    n_namesakes = query_count * 4 // 100
    n_outsiders = query_count * 13 // 100
    n_known = query_count - n_twins - n_siblings - n_namesakes - n_outsiders

    # Unseen twins: a registered child's twin who is not on the register.
    children = [p for p in people if p.dob.year >= 2006]
    twin_of = rng.sample(children, n_twins)
    for child in twin_of:
        household = next(h for h in households if h[0].household == child.household)
        used = {m.given for m in household}
        origin = next(o for o in ORIGINS if o.name == child.origin)
        sex = rng.choice("MF")
        twin = replace(
            child,
            pid=world.new_pid("X"),
            given=world.given_name(origin, sex, child=True, avoid=used),
            sex=sex,
            nhs=world.nhs(),
        )
        add_query(twin, "", "unseen_twin")

    # Unregistered siblings: same family name and address, a different date of birth and first name.
    with_children = [h for h in households if any(m.dob.year >= 2006 for m in h)]
    for household in rng.sample(with_children, n_siblings):
        child = next(m for m in household if m.dob.year >= 2006)
        origin = next(o for o in ORIGINS if o.name == child.origin)
        taken = {m.dob for m in household}
        for _ in range(50):
            dob = child.dob + timedelta(days=rng.choice((-1, 1)) * rng.randint(300, 2500))
            if dob not in taken and dob <= date(2025, 6, 1):
                break
        sex = rng.choice("MF")
        sibling = replace(
            child,
            pid=world.new_pid("X"),
            given=world.given_name(origin, sex, child=True, avoid={m.given for m in household}),
            sex=sex,
            dob=dob,
            nhs=world.nhs(),
        )
        add_query(sibling, "", "unregistered_sibling")

    # Namesakes: the same name, sex and date of birth as a registered person, living elsewhere.
    for person in rng.sample(people, n_namesakes):
        unit, line = world.address(elsewhere=rng.random() < 0.3)
        namesake = replace(person, pid=world.new_pid("X"), postcode=unit, address=line, nhs=world.nhs())
        add_query(namesake, "", "namesake")

    # Outsiders: people who are not on the register at all.
    outsiders: list[Person] = []
    while len(outsiders) < n_outsiders:
        outsiders.extend(world.household())
    for person in outsiders[:n_outsiders]:
        add_query(person, "", "outsider")

    # Known people: three in four are children.
    adults_reg = [p for p in people if p.dob.year < 2006]
    for _ in range(n_known):
        person = rng.choice(children) if rng.random() < 0.75 else rng.choice(adults_reg)
        add_query(person, person.pid, "known")

    order = list(range(len(queries)))
    rng.shuffle(order)
    queries = [queries[i] for i in order]
    truth = [truth[i] for i in order]
    register = [register_row(p, rng) for p in people]
    rng.shuffle(register)
    return register, queries, truth


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


COLUMNS = ["record_id", "given_name", "family_name", "date_of_birth", "sex", "postcode", "address_line", "nhs_number"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--register", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=4_000)
    parser.add_argument("--query-nhs-rate", type=float, default=0.6, help="share of queries that carry the NHS number")
    parser.add_argument("--local-moves", type=float, default=0.6, help="share of house moves within the district")
    parser.add_argument("--typo-anywhere", action="store_true", help="typing slips may hit the first letter too")
    args = parser.parse_args()
    register, queries, truth = generate(
        args.seed,
        args.register,
        args.queries,
        query_nhs_rate=args.query_nhs_rate,
        local_moves=args.local_moves,
        typo_anywhere=args.typo_anywhere,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "register.csv", COLUMNS, [r.as_list() for r in register])
    write(args.out / "queries.csv", COLUMNS, [r.as_list() for r in queries])
    write(args.out / "truth.csv", ["query_id", "register_id", "hazard", "errors"], truth)
    print(f"wrote {len(register)} register rows, {len(queries)} queries to {args.out}")


if __name__ == "__main__":
    main()
